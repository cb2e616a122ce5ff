package org.qiandai.campaign.cases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.bson.Document;
import org.qiandai.campaign.bench.BenchmarkSupport;
import org.qiandai.campaign.demo.DemoCaseGenerator;
import org.qiandai.campaign.demo.DemoCaseWorkbooks;
import org.qiandai.campaign.store.EmbeddedMongoStore;
import org.qiandai.campaign.store.StoreDurability;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.unit.DataSize;

/**
 * {@code java -jar qiandai.jar bench import [--rows 10000,100000,1000000] [--repeat 1] [--dir DIR] [--import-heap 512m] [--xssf-heap 16g]}
 * <p>
 * For each size it writes a generated {@code .xlsx} once, then runs three measurements, each in a fresh JVM so that
 * heap peaks are the measurement's own: (1) the real import ({@link CaseImports#importFile}) into a fresh embedded store
 * on an H2 file, with {@code -Xmx512m}; (b) a bare {@code insertMany} of the same documents into a fresh store of the
 * same kind with the same indexes, with {@code -Xmx512m}: the limit an import can approach; (a) POI's whole-workbook
 * {@code XSSFWorkbook} reading the same file with a large heap, and again with {@code -Xmx512m} to show whether it fits.
 * Durability settings are the application's own. With {@code --repeat N} the import and the insert alternate N times
 * and the median of each is reported. Prints a Markdown table of rows/s, heap and the ratio.
 */
public final class CaseImportBenchmark {

    private static final long SEED = 42;
    private static final LocalDate REFERENCE_DATE = LocalDate.of(2026, 6, 30);

    private CaseImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("child")) {
            child(args[1], Path.of(args[2]), Long.parseLong(args[3]));
            return;
        }
        Map<String, String> options = BenchmarkSupport.options(args);
        List<Long> sizes = Stream.of(options.getOrDefault("rows", "10000,100000,1000000").split(",")).map(String::trim).map(Long::parseLong).toList();
        Path dir = Path.of(options.getOrDefault("dir", System.getProperty("java.io.tmpdir") + "/qiandai-bench"));
        String importHeap = options.getOrDefault("import-heap", "512m");
        String xssfHeap = options.getOrDefault("xssf-heap", "16g");
        int repeat = Integer.parseInt(options.getOrDefault("repeat", "1"));
        Files.createDirectories(dir);
        StringBuilder table = new StringBuilder();
        table.append("| rows | import s | import rows/s | import heap peak / live (-Xmx").append(importHeap).append(") | bare insertMany s | insert rows/s | import ÷ insert time | XSSFWorkbook s | XSSFWorkbook heap peak / live (-Xmx").append(xssfHeap).append(") | XSSFWorkbook with -Xmx").append(importHeap).append(" |\n");
        table.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (long rows : sizes) {
            Path file = dir.resolve("cases-" + rows + ".xlsx");
            if (!Files.exists(file)) {
                System.out.printf("writing %s …%n", file);
                DemoCaseWorkbooks.writeXlsx(file, new DemoCaseGenerator(SEED, REFERENCE_DATE).iterator(rows));
            }
            // import and bare insert alternate, so that a busy spell of the machine falls on both alike
            List<Map<String, String>> importRuns = new ArrayList<>();
            List<Map<String, String>> insertRuns = new ArrayList<>();
            for (int run = 0; run < repeat; run++) {
                importRuns.add(runChild("import", file, rows, importHeap));
                insertRuns.add(runChild("insert", file, rows, importHeap));
            }
            Map<String, String> imported = BenchmarkSupport.median(importRuns);
            Map<String, String> inserted = BenchmarkSupport.median(insertRuns);
            Map<String, String> xssf = runChild("xssf", file, rows, xssfHeap);
            Map<String, String> xssfSmall = runChild("xssf", file, rows, importHeap);
            double importSeconds = Double.parseDouble(imported.getOrDefault("seconds", "NaN"));
            double insertSeconds = Double.parseDouble(inserted.getOrDefault("seconds", "NaN"));
            table.append(String.format(Locale.ROOT, "| %,d | %.1f | %,.0f | %s | %.1f | %,.0f | **%.2f** | %s | %s | %s |%n",
                    rows, importSeconds, rows / importSeconds, BenchmarkSupport.heap(imported), insertSeconds, rows / insertSeconds,
                    importSeconds / insertSeconds, xssf.getOrDefault("seconds", "—"), xssf.containsKey("peakHeap") ? BenchmarkSupport.heap(xssf) : xssf.getOrDefault("error", "failed"),
                    xssfSmall.containsKey("seconds") ? "fits (peak " + BenchmarkSupport.megabytes(xssfSmall.get("peakHeap")) + ")" : "fails: " + xssfSmall.getOrDefault("error", "?")));
            if (!"DONE".equals(imported.get("status")) || !String.valueOf(rows).equals(imported.get("imported"))) {
                table.append("\nimport of ").append(rows).append(" rows did not complete: ").append(imported).append('\n');
            }
        }
        System.out.println();
        System.out.println(table);
        Files.writeString(dir.resolve("results.md"), table.toString());
        System.out.println("(also written to " + dir.resolve("results.md") + ")");
    }

    private static Map<String, String> runChild(String what, Path file, long rows, String heap) throws IOException, InterruptedException {
        return BenchmarkSupport.runChild("import", CaseImportBenchmark.class, heap, List.of(what, file.toString(), Long.toString(rows)),
                String.format(Locale.ROOT, "%s %,d rows", what, rows));
    }

    private static void child(String what, Path file, long rows) throws Exception {
        BenchmarkSupport.resetPeaks();
        long start = System.nanoTime();
        Map<String, Object> result = new LinkedHashMap<>();
        switch (what) {
            case "import" -> withStore((mongo, store) -> {
                // A million-row export is larger than the default upload limit (50 MB): raise it as an operator would.
                ImportLimits limits = new ImportLimits(DataSize.ofMegabytes(500), null, null, null, Integer.getInteger("qiandai.import.write-concurrency"));
                Clock clock = Clock.system(ZoneId.of("Asia/Shanghai"));
                CaseImports imports = new CaseImports(new CaseStore(mongo), new ImportBatches(mongo), limits, StoreDurability.of(store), clock);
                BenchmarkSupport.resetPeaks();
                long t0 = System.nanoTime();
                ImportSummary summary = imports.importFile(file, file.getFileName().toString(), "bench");
                result.put("seconds", BenchmarkSupport.seconds(t0));
                result.put("status", summary.status());
                result.put("imported", summary.imported());
                result.put("rejected", summary.rejected());
                imports.destroy();
            });
            case "insert" -> withStore((mongo, store) -> {
                new CaseStore(mongo); // the same indexes as the import writes to
                MongoCollection<Document> cases = mongo.getCollection(CaseStore.COLLECTION);
                Iterator<CaseRecord> records = new DemoCaseGenerator(SEED, REFERENCE_DATE).iterator(rows);
                BenchmarkSupport.resetPeaks();
                long t0 = System.nanoTime();
                List<Document> chunk = new ArrayList<>(1000);
                Date now = Date.from(Instant.now());
                while (records.hasNext()) {
                    CaseRecord r = records.next();
                    Document doc = new Document("_id", r.caseNo());
                    doc.putAll(CaseStore.fields(r));
                    doc.append(CaseStore.IMPORT_BATCH_IDS, List.of("bench")).append(CaseStore.CREATED_AT, now).append(CaseStore.UPDATED_AT, now);
                    chunk.add(doc);
                    if (chunk.size() == 1000 || !records.hasNext()) {
                        cases.insertMany(chunk, new InsertManyOptions().ordered(false));
                        chunk = new ArrayList<>(1000);
                    }
                }
                store.commit();
                result.put("seconds", BenchmarkSupport.seconds(t0));
                result.put("inserted", cases.estimatedDocumentCount()); // countDocuments would aggregate every document in the embedded store
            });
            case "xssf" -> {
                long cells = 0;
                try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ); XSSFWorkbook workbook = new XSSFWorkbook(pkg)) {
                    Sheet sheet = workbook.getSheetAt(0);
                    for (Row row : sheet) {
                        for (Cell cell : row) {
                            cells++;
                        }
                    }
                    result.put("seconds", BenchmarkSupport.seconds(start));
                    result.put("cells", cells);
                    result.put("peakHeap", BenchmarkSupport.peakHeap());
                    result.put("liveHeap", BenchmarkSupport.liveHeap());
                }
            }
            default -> throw new IllegalArgumentException("unknown benchmark " + what);
        }
        BenchmarkSupport.reportAndExit(result);
    }

    private interface StoreWork {
        void run(MongoTemplate mongo, EmbeddedMongoStore store) throws Exception;
    }

    private static void withStore(StoreWork work) throws Exception {
        Path dir = Files.createTempDirectory("qiandai-bench-store");
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dir.resolve("qiandai.mv.db"));
             MongoClient client = MongoClients.create(store.connectionString("qiandai"))) {
            work.run(new MongoTemplate(client, "qiandai"), store);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }


}
