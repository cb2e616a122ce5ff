package org.qiandai.analytics.reports;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.qiandai.analytics.Dashboard;
import org.qiandai.analytics.DashboardData;
import org.qiandai.campaign.campaigns.Campaigns;
import org.qiandai.campaign.support.DaemonThreads;
import org.qiandai.campaign.support.RecordIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Weekly reports a leader schedules ({@code analytics_schedules}): every {@code qiandai.analytics.schedules.poll}
 * (1 min; {@code qiandai.analytics.schedules.enabled=false} turns it off) an instance claims a schedule that is due
 * with a findAndModify lease (so two instances never make the same report), makes the report of the seven days
 * before the day it runs, and keeps it in the GridFS bucket {@code analytics_reports} for download — the last
 * {@code qiandai.analytics.reports.keep} (52) per schedule; older ones are deleted. Reports hold aggregates only.
 */
@Service
public class ReportSchedules implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReportSchedules.class);
    static final String COLLECTION = "analytics_schedules";
    static final String BUCKET = "analytics_reports";
    static final int MAX_SCHEDULES = 100;
    private static final Duration LEASE = Duration.ofMinutes(10);

    private final MongoTemplate mongo;
    private final Dashboard dashboard;
    private final Campaigns campaigns;
    private final Clock clock;
    private final boolean enabled;
    private final Duration poll;
    private final int keep;
    private ScheduledExecutorService loop;

    ReportSchedules(MongoTemplate mongo, Dashboard dashboard, Campaigns campaigns, Clock clock,
                    @Value("${qiandai.analytics.schedules.enabled:true}") boolean enabled,
                    @Value("${qiandai.analytics.schedules.poll:1m}") Duration poll, @Value("${qiandai.analytics.reports.keep:52}") int keep) {
        this.mongo = mongo;
        this.dashboard = dashboard;
        this.campaigns = campaigns;
        this.clock = clock;
        this.enabled = enabled;
        this.poll = poll;
        this.keep = keep;
    }

    @Override
    public void afterPropertiesSet() {
        if (enabled) {
            loop = DaemonThreads.repeating("analytics-reports", poll, this::runDue, e -> log.warn("Report schedules round failed: {}", e.toString()));
        }
    }

    @Override
    public void destroy() {
        if (loop != null) {
            loop.shutdownNow();
        }
    }

    private MongoCollection<Document> schedules() {
        return mongo.getCollection(COLLECTION);
    }

    private GridFSBucket bucket() {
        return GridFSBuckets.create(mongo.getDb(), BUCKET);
    }

    /** @throws ReportRefusedException naming the field that is wrong */
    public ReportSchedule create(ScheduleDraft d, String by) {
        if (d == null) {
            throw new ReportRefusedException("a schedule needs a body: {\"dayOfWeek\": \"MONDAY\", \"time\": \"08:00\", \"format\": \"xlsx\"}");
        }
        DayOfWeek day;
        try {
            day = d.dayOfWeek() == null ? DayOfWeek.MONDAY : DayOfWeek.valueOf(d.dayOfWeek().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ReportRefusedException("dayOfWeek: '" + d.dayOfWeek() + "' is not one of MONDAY … SUNDAY");
        }
        LocalTime time;
        try {
            time = d.time() == null || d.time().isBlank() ? LocalTime.of(8, 0) : LocalTime.parse(d.time().strip());
        } catch (DateTimeParseException e) {
            throw new ReportRefusedException("time: '" + d.time() + "' is not a time of day (HH:mm)");
        }
        ReportFormat format = d.format() == null || d.format().isBlank() ? ReportFormat.XLSX
                : ReportFormat.of(d.format()).orElseThrow(() -> new ReportRefusedException("format: '" + d.format() + "' is not xlsx or csv"));
        String language = d.language() == null || d.language().isBlank() ? "zh-CN" : d.language().strip();
        if (!language.equals("zh-CN") && !language.equals("en")) {
            throw new ReportRefusedException("language: '" + d.language() + "' is not zh-CN or en");
        }
        String name = d.name() == null || d.name().isBlank() ? (language.equals("en") ? "Weekly report" : "每周报告") : d.name().strip();
        if (name.length() > 100) {
            throw new ReportRefusedException("name: at most 100 characters");
        }
        String campaignId = blankToNull(d.campaignId());
        if (campaignId != null && campaigns.details(campaignId).isEmpty()) {
            throw new ReportRefusedException("campaignId: no campaign '" + campaignId + "'");
        }
        String district = blankToNull(d.district());
        if (district != null && district.length() > 50) {
            throw new ReportRefusedException("district: at most 50 characters");
        }
        if (schedules().countDocuments() >= MAX_SCHEDULES) {
            throw new ReportRefusedException("there are " + MAX_SCHEDULES + " schedules already; delete one first");
        }
        Instant now = clock.instant();
        String id = RecordIds.next("sch", now);
        Document doc = new Document("_id", id).append("name", name).append("dayOfWeek", day.name()).append("time", time.toString())
                .append("format", format.name()).append("language", language).append("campaignId", campaignId).append("district", district)
                .append("createdBy", by).append("createdAt", Date.from(now)).append("nextRunAt", Date.from(next(day, time, now)))
                .append("leaseUntil", new Date(0));
        schedules().insertOne(doc);
        return schedule(doc);
    }

    /** The first {@code day} at {@code time} (bureau time) after {@code after}. */
    Instant next(DayOfWeek day, LocalTime time, Instant after) {
        ZonedDateTime local = after.atZone(clock.getZone());
        LocalDate date = local.toLocalDate().with(TemporalAdjusters.nextOrSame(day));
        ZonedDateTime candidate = LocalDateTime.of(date, time).atZone(clock.getZone());
        if (!candidate.toInstant().isAfter(after)) {
            candidate = LocalDateTime.of(date.plusWeeks(1), time).atZone(clock.getZone());
        }
        return candidate.toInstant();
    }

    public List<ReportSchedule> list() {
        List<ReportSchedule> result = new ArrayList<>();
        schedules().find().sort(Sorts.ascending("createdAt")).forEach(d -> result.add(schedule(d)));
        return result;
    }

    public Optional<ReportSchedule> get(String id) {
        return Optional.ofNullable(schedules().find(eq("_id", id)).first()).map(ReportSchedules::schedule);
    }

    /** Deletes a schedule (the reports it made stay until they age out). */
    public boolean delete(String id) {
        return schedules().deleteOne(eq("_id", id)).getDeletedCount() == 1;
    }

    /** Makes every report that is due; answers how many. */
    public int runDue() {
        int made = 0;
        while (true) {
            Instant now = clock.instant();
            Document claimed = schedules().findOneAndUpdate(and(lte("nextRunAt", Date.from(now)), lt("leaseUntil", Date.from(now))),
                    Updates.set("leaseUntil", Date.from(now.plus(LEASE))), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            if (claimed == null) {
                return made;
            }
            ReportSchedule s = schedule(claimed);
            try {
                StoredReport report = make(s, now);
                schedules().updateOne(eq("_id", s.id()), Updates.combine(Updates.set("nextRunAt", Date.from(next(s.dayOfWeek(), s.time(), now))),
                        Updates.set("lastRunAt", Date.from(now)), Updates.set("lastReportId", report.id()), Updates.unset("lastError"),
                        Updates.set("leaseUntil", new Date(0))));
                made++;
            } catch (RuntimeException e) {
                log.warn("Scheduled report {} not made: {}", s.id(), e.toString());
                schedules().updateOne(eq("_id", s.id()), Updates.combine(Updates.set("nextRunAt", Date.from(next(s.dayOfWeek(), s.time(), now))),
                        Updates.set("lastRunAt", Date.from(now)), Updates.set("lastError", String.valueOf(e.getMessage())),
                        Updates.set("leaseUntil", new Date(0))));
            }
        }
    }

    /**
     * Makes a schedule's report now (the seven days before today), keeps it and answers it.
     *
     * @throws java.util.NoSuchElementException for an unknown schedule
     */
    public StoredReport runNow(String id) {
        ReportSchedule s = get(id).orElseThrow(() -> new java.util.NoSuchElementException("no schedule '" + id + "'"));
        StoredReport report = make(s, clock.instant());
        schedules().updateOne(eq("_id", id), Updates.combine(Updates.set("lastRunAt", Date.from(clock.instant())),
                Updates.set("lastReportId", report.id()), Updates.unset("lastError")));
        return report;
    }

    private StoredReport make(ReportSchedule s, Instant at) {
        LocalDate today = at.atZone(clock.getZone()).toLocalDate();
        DashboardData data = dashboard.data(dashboard.defaults(today.minusDays(7), today.minusDays(1), s.campaignId(), s.district()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            new ReportWriter("en".equals(s.language()), clock.getZone()).write(data, s.format(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String fileName = ReportWriter.fileName(data, s.format());
        Document metadata = new Document("scheduleId", s.id()).append("name", s.name()).append("format", s.format().name())
                .append("from", data.filters().from().toString()).append("to", data.filters().to().toString())
                .append("generatedAt", Date.from(data.generatedAt())).append("createdBy", s.createdBy());
        ObjectId id = bucket().uploadFromStream(fileName, new java.io.ByteArrayInputStream(bytes.toByteArray()),
                new GridFSUploadOptions().metadata(metadata));
        prune(s.id());
        return new StoredReport(id.toHexString(), s.id(), s.name(), fileName, s.format(), data.filters().from(), data.filters().to(),
                data.generatedAt(), bytes.size(), s.createdBy());
    }

    private void prune(String scheduleId) {
        List<ObjectId> old = new ArrayList<>();
        int[] n = {0};
        bucket().find(eq("metadata.scheduleId", scheduleId)).sort(Sorts.descending("uploadDate")).forEach(f -> {
            if (n[0]++ >= keep) {
                old.add(f.getObjectId());
            }
        });
        old.forEach(bucket()::delete);
    }

    /** The kept reports, newest first, at most {@code limit}. */
    public List<StoredReport> reports(int limit) {
        List<StoredReport> result = new ArrayList<>();
        bucket().find().sort(Sorts.descending("uploadDate")).limit(limit).forEach(f -> result.add(report(f)));
        return result;
    }

    /** A kept report and its content, to stream to a client (the caller closes the stream). */
    public record Download(StoredReport report, InputStream content) {
    }

    public Optional<Download> open(String reportId) {
        ObjectId id;
        try {
            id = new ObjectId(reportId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        GridFSFile file = bucket().find(eq("_id", id)).first();
        if (file == null) {
            return Optional.empty();
        }
        return Optional.of(new Download(report(file), bucket().openDownloadStream(id)));
    }

    private static StoredReport report(GridFSFile f) {
        Document m = f.getMetadata() == null ? new Document() : f.getMetadata();
        Date generated = m.getDate("generatedAt");
        return new StoredReport(f.getObjectId().toHexString(), m.getString("scheduleId"), m.getString("name"), f.getFilename(),
                ReportFormat.valueOf(m.getString("format")), LocalDate.parse(m.getString("from")), LocalDate.parse(m.getString("to")),
                generated == null ? f.getUploadDate().toInstant() : generated.toInstant(), f.getLength(), m.getString("createdBy"));
    }

    private static ReportSchedule schedule(Document d) {
        return new ReportSchedule(d.getString("_id"), d.getString("name"), DayOfWeek.valueOf(d.getString("dayOfWeek")),
                LocalTime.parse(d.getString("time")), ReportFormat.valueOf(d.getString("format")), d.getString("language"),
                d.getString("campaignId"), d.getString("district"), d.getString("createdBy"), instant(d.getDate("createdAt")),
                instant(d.getDate("nextRunAt")), instant(d.getDate("lastRunAt")), d.getString("lastReportId"), d.getString("lastError"));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
