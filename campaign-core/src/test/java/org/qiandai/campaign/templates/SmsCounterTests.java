package org.qiandai.campaign.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The SMS part counter: encodings, the exact part boundaries, extension characters and surrogate pairs. */
class SmsCounterTests {

    @Test
    void chineseIsUcs2SeventyInOnePartSixtySevenPerPartAfter() {
        assertCount("预".repeat(70), "UCS-2", 70, 1);
        assertCount("预".repeat(71), "UCS-2", 71, 2);
        assertCount("预".repeat(134), "UCS-2", 134, 2);
        assertCount("预".repeat(135), "UCS-2", 135, 3);
        assertThat(SmsCounter.count("预".repeat(71)).perPart()).isEqualTo(67);
        assertThat(SmsCounter.count("预".repeat(71)).remaining()).isEqualTo(63);
    }

    @Test
    void englishIsGsm7OneSixtyInOnePartOneFiftyThreePerPartAfter() {
        assertCount("a".repeat(160), "GSM-7", 160, 1);
        assertCount("a".repeat(161), "GSM-7", 161, 2);
        assertCount("a".repeat(306), "GSM-7", 306, 2);
        assertCount("a".repeat(307), "GSM-7", 307, 3);
        SmsCount english = SmsCounter.count("Police warning: never pay a \"safe account\". Call 96110 if in doubt.");
        assertThat(english.encoding()).isEqualTo("GSM-7");
        assertThat(english.parts()).isEqualTo(1);
    }

    @Test
    void oneChineseCharacterMakesAnEnglishTextUcs2() {
        SmsCount mixed = SmsCounter.count("a".repeat(69) + "警");
        assertThat(mixed.encoding()).isEqualTo("UCS-2");
        assertThat(mixed.units()).isEqualTo(70);
        assertThat(mixed.parts()).isEqualTo(1);
        assertThat(SmsCounter.count("a".repeat(70) + "警").parts()).isEqualTo(2);
        assertThat(mixed.forcingUcs2()).containsExactly("警");
        // A full-width comma or a curly quote is enough, too.
        assertThat(SmsCounter.count("Call 96110，now").encoding()).isEqualTo("UCS-2");
        assertThat(SmsCounter.count("Don’t pay").forcingUcs2()).containsExactly("’");
    }

    @Test
    void gsmExtensionCharactersCountTwoAndAreNeverSplit() {
        for (String c : List.of("€", "[", "]", "{", "}", "^", "~", "|", "\\")) {
            SmsCount count = SmsCounter.count(c);
            assertThat(count.encoding()).as(c).isEqualTo("GSM-7");
            assertThat(count.units()).as(c).isEqualTo(2);
        }
        assertCount("€".repeat(80), "GSM-7", 160, 1);
        assertCount("a" + "€".repeat(80), "GSM-7", 161, 2);
        // 152 plain then one €: the pair does not fit in the first part's last septet and moves to the second.
        List<String> parts = SmsCounter.split("a".repeat(152) + "€" + "a".repeat(10));
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0)).hasSize(152);
        assertThat(parts.get(1)).startsWith("€");
        // Basic-set accented letters and symbols are single septets.
        assertThat(SmsCounter.count("é£$¥@_ÄÖÑÜ§¿à").encoding()).isEqualTo("GSM-7");
        assertThat(SmsCounter.count("é£$¥@_ÄÖÑÜ§¿à").units()).isEqualTo(13);
    }

    @Test
    void emojiCountsTwoUnitsAndIsNeverSplitAcrossParts() {
        SmsCount one = SmsCounter.count("请注意🚨");
        assertThat(one.encoding()).isEqualTo("UCS-2");
        assertThat(one.characters()).isEqualTo(4);
        assertThat(one.units()).isEqualTo(5);
        assertCount("预".repeat(68) + "🚨", "UCS-2", 70, 1);
        assertCount("预".repeat(69) + "🚨", "UCS-2", 71, 2);
        // 66 + 🚨 would make the first part 68 units: the pair moves whole to part two, and a third part is needed.
        String text = "预".repeat(66) + "🚨" + "预".repeat(66);
        assertThat(SmsCounter.count(text).units()).isEqualTo(134);
        assertThat(SmsCounter.count(text).parts()).isEqualTo(3);
        List<String> parts = SmsCounter.split(text);
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0)).isEqualTo("预".repeat(66));
        assertThat(parts.get(1)).startsWith("🚨");
        parts.forEach(p -> assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse());
        assertThat(String.join("", parts)).isEqualTo(text);
    }

    @Test
    void emptyTextHasNoParts() {
        assertThat(SmsCounter.count("").parts()).isZero();
    }

    private static void assertCount(String text, String encoding, int units, int parts) {
        SmsCount count = SmsCounter.count(text);
        assertThat(count.encoding()).as("encoding of %d chars", text.length()).isEqualTo(encoding);
        assertThat(count.units()).as("units").isEqualTo(units);
        assertThat(count.parts()).as("parts of %d units", units).isEqualTo(parts);
    }
}
