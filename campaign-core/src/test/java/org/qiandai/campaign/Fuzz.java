package org.qiandai.campaign;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A small seeded fuzzer for the importers (Jazzer does not resolve here): for a bounded time, inputs made from valid
 * seed files by mutation (bytes flipped, inserted, deleted, duplicated, truncated; for {@code .xlsx} inside the zip's
 * entries, so that the parts still open; for text, quotes, separators, control characters, invalid UTF-8, very long
 * fields and lines) or at random (random bytes behind a real file signature). Each input is handed to the target with
 * a timeout: a hang fails the test, and so does any exception the target does not document; each failing input is
 * written under {@code target/fuzz-failures} to replay. {@code -Dqiandai.fuzz.seconds=N} sets each target's time
 * (default 10 s in the normal suite), {@code -Dqiandai.fuzz.seed=S} the seed (default fixed, so CI runs the same
 * inputs first).
 */
public final class Fuzz {

    /** Time per target in the normal suite. */
    static final int DEFAULT_SECONDS = 10;
    static final long DEFAULT_SEED = 20261201L;
    /** Longest one input may take before it counts as a hang. */
    public static final Duration HANG = Duration.ofSeconds(20);

    /** What the target did with one input: a documented answer or refusal; anything else thrown is a crash. */
    public interface Target {
        void accept(Path file, String fileName) throws Exception;
    }

    /** A refusal the target documents (an exception of one of these types) is an answer, not a crash. */
    public record Report(String name, int inputs, int answered, int refused, Map<String, Integer> refusals, List<String> failures, long seed,
                         Duration spent) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d inputs in %.1f s (seed %d): %d answered, %d refused %s, %d failures%s", name, inputs,
                    spent.toMillis() / 1000.0, seed, answered, refused, refusals, failures.size(), failures.isEmpty() ? "" : " " + failures);
        }
    }

    private final String name;
    private final List<Seed> seeds = new ArrayList<>();
    private final List<Class<? extends Throwable>> documented = new ArrayList<>();
    private final SplittableRandom random;
    private final long seed;
    private final Duration budget;

    /** One valid input and the file name (extension) it is offered under. */
    public record Seed(byte[] bytes, String fileName) {
    }

    public Fuzz(String name) {
        this.name = name;
        this.seed = Long.getLong("qiandai.fuzz.seed", DEFAULT_SEED);
        this.random = new SplittableRandom(seed ^ name.hashCode());
        this.budget = Duration.ofSeconds(Long.getLong("qiandai.fuzz.seconds", DEFAULT_SECONDS));
    }

    public Fuzz seed(Path file, String fileName) {
        try {
            seeds.add(new Seed(Files.readAllBytes(file), fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Fuzz seed(byte[] bytes, String fileName) {
        seeds.add(new Seed(bytes, fileName));
        return this;
    }

    @SafeVarargs
    public final Fuzz refusals(Class<? extends Throwable>... types) {
        documented.addAll(List.of(types));
        return this;
    }

    /**
     * Feeds inputs to {@code target} until the time is up (the seeds themselves first), each under {@link #HANG};
     * {@code check} runs after each input (e.g. that a refused file left the store unchanged) and answers a problem or null.
     */
    public Report run(Path dir, Target target, Check check) throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + name);
            t.setDaemon(true);
            return t;
        });
        Path failuresDir = Path.of("target", "fuzz-failures", name);
        int inputs = 0;
        int answered = 0;
        int refused = 0;
        Map<String, Integer> refusals = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + budget.toNanos();
        try {
            while (inputs < seeds.size() || System.nanoTime() < end && failures.size() < 5) {
                Seed input = inputs < seeds.size() ? seeds.get(inputs) : next();
                inputs++;
                Path file = dir.resolve("input-" + inputs + extension(input.fileName()));
                Files.write(file, input.bytes());
                Future<?> run = worker.submit(() -> {
                    target.accept(file, input.fileName());
                    return null;
                });
                Throwable thrown = null;
                try {
                    run.get(HANG.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    run.cancel(true);
                    failures.add(keep(failuresDir, input, inputs, "hang: no answer within " + HANG));
                    worker.shutdownNow();
                    break; // the worker may be stuck for good
                } catch (ExecutionException e) {
                    thrown = e.getCause();
                }
                Throwable outcome = thrown;
                if (outcome == null) {
                    answered++;
                } else if (documented.stream().anyMatch(t -> t.isInstance(outcome))) {
                    refused++;
                    refusals.merge(outcome.getClass().getSimpleName(), 1, Integer::sum);
                } else {
                    failures.add(keep(failuresDir, input, inputs, "crash: " + stackTop(outcome)));
                }
                String problem = check.after(outcome);
                if (problem != null) {
                    failures.add(keep(failuresDir, input, inputs, problem));
                }
                Files.deleteIfExists(file);
            }
        } finally {
            worker.shutdownNow();
        }
        Report report = new Report(name, inputs, answered, refused, refusals, failures, seed, Duration.ofNanos(System.nanoTime() - start));
        System.out.println("FUZZ " + report);
        return report;
    }

    /** What is checked after each input, given what it threw (null: answered). */
    public interface Check {
        String after(Throwable thrown) throws Exception;
    }

    private static String stackTop(Throwable t) {
        StringBuilder b = new StringBuilder(t.toString());
        StackTraceElement[] trace = t.getStackTrace();
        for (int i = 0; i < Math.min(4, trace.length); i++) {
            b.append(" at ").append(trace[i]);
        }
        return b.toString();
    }

    private static String keep(Path dir, Seed input, int n, String what) {
        try {
            Files.createDirectories(dir);
            Path kept = dir.resolve("failure-" + n + extension(input.fileName()));
            Files.write(kept, input.bytes());
            return what + " (input kept as " + kept + ")";
        } catch (IOException e) {
            return what;
        }
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot);
    }

    // --- making inputs ---

    private Seed next() {
        Seed base = seeds.get(random.nextInt(seeds.size()));
        int kind = random.nextInt(10);
        String fileName = base.fileName();
        if (kind == 0) {
            return new Seed(randomWithSignature(fileName), fileName);
        }
        if (kind == 1 && seeds.size() > 1) {
            // a file offered under another format's name
            return new Seed(base.bytes(), seeds.get(random.nextInt(seeds.size())).fileName());
        }
        if (fileName.endsWith(".xlsx") && kind < 7) {
            return new Seed(mutateZip(base.bytes()), fileName);
        }
        if (isText(fileName) && kind < 7) {
            return new Seed(mutateText(base.bytes()), fileName);
        }
        return new Seed(mutateBytes(base.bytes(), 1 + random.nextInt(8)), fileName);
    }

    private static boolean isText(String fileName) {
        String f = fileName.toLowerCase(Locale.ROOT);
        return f.endsWith(".csv") || f.endsWith(".html") || f.endsWith(".htm") || f.endsWith(".txt");
    }

    private byte[] randomWithSignature(String fileName) {
        byte[] body = new byte[random.nextInt(64 * 1024)];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) random.nextInt(256);
        }
        String f = fileName.toLowerCase(Locale.ROOT);
        byte[] magic = f.endsWith(".xlsx") ? new byte[] {'P', 'K', 3, 4}
                : f.endsWith(".xls") ? new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1}
                : f.endsWith(".csv") ? "\uFEFF案件编号,手机号,所属辖区\n".getBytes(StandardCharsets.UTF_8) : "<html><body>".getBytes(StandardCharsets.UTF_8);
        if (body.length < magic.length) {
            return magic;
        }
        System.arraycopy(magic, 0, body, 0, magic.length);
        return body;
    }

    /** Raw byte mutations: flip, set, insert, delete, duplicate a run, truncate. */
    byte[] mutateBytes(byte[] in, int times) {
        byte[] b = in.clone();
        for (int t = 0; t < times && b.length > 0; t++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) new int[] {0, 0xFF, 0x7F, 0x80, '<', '"', ',', '\n'}[random.nextInt(8)];
                case 2 -> b = splice(b, at, 0, randomBytes(1 + random.nextInt(16)));
                case 3 -> b = splice(b, at, Math.min(b.length - at, 1 + random.nextInt(64)), new byte[0]);
                case 4 -> {
                    int len = Math.min(b.length - at, 1 + random.nextInt(512));
                    byte[] run = java.util.Arrays.copyOfRange(b, at, at + len);
                    b = splice(b, random.nextInt(b.length), 0, run);
                }
                default -> b = java.util.Arrays.copyOf(b, at);
            }
        }
        return b;
    }

    private byte[] randomBytes(int n) {
        byte[] r = new byte[n];
        for (int i = 0; i < n; i++) {
            r[i] = (byte) random.nextInt(256);
        }
        return r;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    /** Text mutations: the characters that break parsers, at random places, and lines and fields made huge. */
    byte[] mutateText(byte[] in) {
        String s = new String(in, StandardCharsets.UTF_8);
        String[] inserts = {"\"", "\"\"", ",", ";", "\t", "\r", "\n", "\r\n", "\u0000", "\uFEFF", "=cmd|' /C calc'!A0", "<script>", "</td>",
                "<table><tr><td>", "&#0;", "&#xFFFFFFFF;", "\uD800", "𠮷", "９９９９９９９９９９９９", "-1", "1e309", "NaN", "2026-02-30", "<!--",
                "<![CDATA[", "<meta charset=\"gb2312\">", "<" + "div>".repeat(40)};
        StringBuilder b = new StringBuilder(s);
        int times = 1 + random.nextInt(6);
        for (int t = 0; t < times; t++) {
            int at = b.length() == 0 ? 0 : random.nextInt(b.length());
            switch (random.nextInt(5)) {
                case 0, 1 -> b.insert(at, inserts[random.nextInt(inserts.length)]);
                case 2 -> b.insert(at, "x".repeat(1 + random.nextInt(100_000)));
                case 3 -> {
                    int end = Math.min(b.length(), at + random.nextInt(200));
                    b.insert(at, b.substring(at, end).repeat(1 + random.nextInt(50)));
                }
                default -> b.delete(at, Math.min(b.length(), at + random.nextInt(100)));
            }
        }
        byte[] out = b.toString().getBytes(StandardCharsets.UTF_8);
        return random.nextInt(4) == 0 ? mutateBytes(out, 1 + random.nextInt(3)) : out; // sometimes invalid UTF-8 as well
    }

    /** Mutates one or more entries of a zip (an {@code .xlsx}) and writes it again, so that POI gets to parse the parts. */
    byte[] mutateZip(byte[] in) {
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(in))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                names.add(e.getName());
                contents.add(zip.readAllBytes());
            }
        } catch (IOException e) {
            return mutateBytes(in, 2);
        }
        if (names.isEmpty()) {
            return mutateBytes(in, 2);
        }
        int times = 1 + random.nextInt(3);
        for (int t = 0; t < times; t++) {
            int k = random.nextInt(names.size());
            switch (random.nextInt(4)) {
                case 0 -> contents.set(k, mutateText(contents.get(k)));
                case 1 -> contents.set(k, mutateBytes(contents.get(k), 1 + random.nextInt(4)));
                case 2 -> {
                    names.remove(k); // a part missing
                    contents.remove(k);
                    if (names.isEmpty()) {
                        return new byte[0];
                    }
                }
                default -> contents.set(k, new byte[0]);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < names.size(); i++) {
                zip.putNextEntry(new ZipEntry(names.get(i)));
                zip.write(contents.get(i));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
