package org.qiandai;

import java.util.Arrays;

import org.qiandai.analytics.AnalyticsBenchmark;
import org.qiandai.campaign.bulletins.BulletinBenchmark;
import org.qiandai.campaign.cases.CaseImportBenchmark;
import org.qiandai.campaign.pushes.QueueBenchmark;
import org.qiandai.campaign.store.BackupCommand;
import org.qiandai.campaign.store.StoreBenchmark;
import org.qiandai.channels.dispatch.DispatchBenchmark;
import org.qiandai.targeting.ProfilingBenchmark;
import org.qiandai.web.load.CallbackLoad;
import org.qiandai.web.load.DashboardLoad;
import org.qiandai.web.load.WarningBenchmark;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The one bootable application: every module's beans, the pages and the REST API.
 * {@code bench import|profiles|queue|store|dispatch|bulletins|analytics|warnings …} run the benchmarks instead of the server (see BENCHMARKS.md);
 * {@code load callbacks|dashboard …} the load runs (see RELIABILITY.md).
 * {@code backup <file>} and {@code restore <file>} copy the store to and from an archive ({@link BackupCommand}).
 */
@SpringBootApplication
public class QiandaiApplication {

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && (args[0].equals("backup") || args[0].equals("restore"))) {
            BackupCommand.main(args);
            return;
        }
        if (args.length >= 2 && args[0].equals("bench")) {
            String[] rest = Arrays.copyOfRange(args, 2, args.length);
            switch (args[1]) {
                case "import" -> CaseImportBenchmark.main(rest);
                case "profiles" -> ProfilingBenchmark.main(rest);
                case "queue" -> QueueBenchmark.main(rest);
                case "store" -> StoreBenchmark.main(rest);
                case "dispatch" -> DispatchBenchmark.main(rest);
                case "bulletins" -> BulletinBenchmark.main(rest);
                case "analytics" -> AnalyticsBenchmark.main(rest);
                case "warnings" -> WarningBenchmark.main(rest);
                default -> throw new IllegalArgumentException("unknown benchmark '" + args[1]
                        + "': use 'bench import', 'bench profiles', 'bench queue', 'bench store', 'bench dispatch', 'bench bulletins', 'bench analytics' or 'bench warnings'");
            }
            return;
        }
        if (args.length >= 2 && args[0].equals("load")) {
            String[] rest = Arrays.copyOfRange(args, 2, args.length);
            switch (args[1]) {
                case "callbacks" -> CallbackLoad.main(rest);
                case "dashboard" -> DashboardLoad.main(rest);
                default -> throw new IllegalArgumentException("unknown load run '" + args[1] + "': use 'load callbacks' or 'load dashboard'");
            }
            System.exit(0);
        }
        SpringApplication.run(QiandaiApplication.class, args);
    }
}
