package org.qiandai.campaign.bulletins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;

/** The vocabulary is configuration: a file of one's own is read, read again when edited, and a broken edit is refused. */
class VocabularySourceTests {

    @TempDir
    Path dir;

    @Test
    void readsAnEditedVocabularyAgainAndKeepsThePreviousOneWhenAnEditIsBroken() throws IOException {
        Path file = dir.resolve("vocabulary.yml");
        Files.writeString(file, vocabulary("刷单返利", "刷单"));
        VocabularySource source = source(file);
        assertThat(names(source)).containsExactly("刷单返利");

        Files.writeString(file, vocabulary("兼职刷单", "刷单"));
        touch(file, 10);
        assertThat(names(source)).containsExactly("兼职刷单");
        assertThat(source.status().problem()).isNull();

        Files.writeString(file, "fraudTypes:\n  - name: 漏了关键词\n");
        touch(file, 20);
        assertThat(names(source)).as("the broken edit is not taken").containsExactly("兼职刷单");
        assertThat(source.status().problem()).contains("fraudTypes[0].strong lists no keyword");
    }

    @Test
    void refusesToStartWithAVocabularyThatDoesNotLoadSayingWhere() throws IOException {
        Path file = dir.resolve("broken.yml");
        Files.writeString(file, "fraudTypes:\n  - name: 刷单返利\n    strong: [刷单]\nvenue:\n  - name: 家中\n");
        assertThatThrownBy(() -> source(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("qiandai.bulletins.vocabulary").hasMessageContaining("unknown section 'venue'");
        Files.writeString(file, "fraudTypes: [刷单");
        assertThatThrownBy(() -> source(file)).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> source(dir.resolve("missing.yml"))).hasMessageContaining("cannot be read");
    }

    @Test
    void theBundledVocabularyLoadsWithTheDistrictsAndTheirOtherNames() {
        Lexicon lexicon = VocabularySource.bundled(List.of("东河区", "昆都仑区"));
        assertThat(lexicon.scan(Texts.fold("家住昆区的市民"))).anySatisfy(hit -> {
            assertThat(hit.kind()).isEqualTo(Lexicon.Kind.DISTRICT);
            assertThat(lexicon.name(hit.kind(), hit.term())).isEqualTo("昆都仑区");
        });
        assertThat(lexicon.tableField("被骗金额（万元）")).contains("loss");
        assertThat(lexicon.tableField("受害人年龄")).contains("age");
        assertThat(lexicon.tableField("简要案情")).contains("narrative");
    }

    private VocabularySource source(Path file) {
        BulletinLimits limits = new BulletinLimits(null, null, null, "file:" + file, null, null);
        return new VocabularySource(limits, new DefaultResourceLoader(), Clock.systemUTC(), Duration.ZERO);
    }

    private static List<String> names(VocabularySource source) {
        return source.lexicon().vocabulary().fraudTypes().stream().map(Vocabulary.FraudTypeRule::name).toList();
    }

    private static void touch(Path file, int seconds) throws IOException {
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + seconds * 1000L));
    }

    private static String vocabulary(String type, String keyword) {
        return "fraudTypes:\n  - name: " + type + "\n    strong: [" + keyword + "]\noccupations:\n  - name: 学生\n    keywords: [学生]\n";
    }
}
