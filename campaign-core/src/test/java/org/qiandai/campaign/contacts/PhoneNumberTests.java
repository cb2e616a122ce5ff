package org.qiandai.campaign.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Phone numbers as people write them, normalised to E.164; landlines accepted but not mobiles; the rest refused. */
class PhoneNumberTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "13800000000      | +8613800000000 | true  | 138****0000",
            "138-0000-0000    | +8613800000000 | true  | 138****0000",
            "138 1234 5678    | +8613812345678 | true  | 138****5678",
            "+86 138 1234 5678| +8613812345678 | true  | 138****5678",
            "+8613812345678   | +8613812345678 | true  | 138****5678",
            "008613812345678  | +8613812345678 | true  | 138****5678",
            "8613812345678    | +8613812345678 | true  | 138****5678",
            "１３８１２３４５６７８ | +8613812345678 | true  | 138****5678",
            "19912345678      | +8619912345678 | true  | 199****5678",
            "0472-1234567     | +864721234567  | false | 047****4567",
            "(0472)1234567    | +864721234567  | false | 047****4567",
            "010-12345678     | +861012345678  | false | 010****5678",
            "+86 472 1234567  | +864721234567  | false | 047****4567",
    })
    void normalisesToE164(String text, String e164, boolean mobile, String masked) {
        PhoneNumber number = PhoneNumber.parse(text);
        assertThat(number.e164()).isEqualTo(e164);
        assertThat(number.mobile()).isEqualTo(mobile);
        assertThat(number.masked()).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "1380000000", "138000000000", "12812345678", "+1 415 555 0100", "0044 20 7946 0958",
            "abc", "138-0000-000x", "11111", "0472-123"})
    void refusesWhatIsNotAChinesePhoneNumber(String text) {
        assertThatThrownBy(() -> PhoneNumber.parse(text)).isInstanceOf(PhoneNumber.Invalid.class);
    }

    @ParameterizedTest
    @CsvSource({"+1 415 555 0100, only Chinese numbers", "12812345678, not a mobile number"})
    void saysWhy(String text, String reason) {
        assertThatThrownBy(() -> PhoneNumber.parse(text)).hasMessageContaining(reason);
    }
}
