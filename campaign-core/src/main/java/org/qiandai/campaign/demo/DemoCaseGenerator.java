package org.qiandai.campaign.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.qiandai.campaign.cases.CaseRecord;

/**
 * Generates synthetic but realistic fraud case records for Baotou's nine districts. The same seed and reference
 * date always give the same records, in the same order; records are made one at a time, so a million can be
 * streamed without holding them.
 *
 * <p><b>Victim groups</b> (base shares, before each district's mix is applied):
 * <ul>
 *   <li>students, 13% — 刷单返利, 网络游戏产品虚假交易 (most minors), 虚假购物服务; 学生宿舍; QQ/微信/游戏平台; median loss ≈ ¥3k</li>
 *   <li>unemployed and migrant workers (无业, 进城务工人员), 24% — 虚假网络贷款, 虚假征信, 刷单返利; 家中/出租屋; 电话/短信; ≈ ¥9k</li>
 *   <li>company and public-institution staff, 21% — 冒充电商物流客服, 虚假购物服务, 刷单返利; 家中; 电话; ≈ ¥16k</li>
 *   <li>single earners with savings, 11% — 虚假网络投资理财, 网络婚恋交友; 家中; 婚恋交友平台/微信; ≈ ¥110k</li>
 *   <li>older people and retirees, 8% — 冒充公检法及政府机关, 虚假养老投资 (pension and health-product schemes);
 *       家中 or 保健品推销会; 电话 or 当面; ≈ ¥60k</li>
 *   <li>finance staff (财务人员), 4% — 冒充领导熟人; 工作单位; QQ/微信; the largest losses, ≈ ¥300k</li>
 *   <li>self-employed (个体工商户), 11% — loans, rebate, customer-service and investment scams; 经营场所/家中; ≈ ¥30k</li>
 *   <li>farmers and herders (农牧民), 8% — loans, rebate, police impersonation; 家中; 电话/短信; ≈ ¥11k</li>
 * </ul>
 * Districts get shares of cases roughly by population and weight the groups: 昆都仑区 and 青山区 (large, urban,
 * industrial) more staff, 东河区 (old town, urban villages) more self-employed, unemployed and older people, 九原区
 * (universities) about 2.6× the students, 石拐区 and 白云鄂博矿区 (small mining districts) mostly workers and
 * retirees, 土默特右旗, 固阳县 and 达尔罕茂明安联合旗 (rural) mostly farmers and herders.
 *
 * <p>Each group has its own age (a clipped normal), share of women (shifted by fraud type: more women in romance
 * and rebate scams, more men in game trading and loans), education and fraud-type mix; losses are log-normal per
 * group, scaled per fraud type and rounded the way amounts are recorded. Report dates fall in the 24 months up to
 * the reference date (never after it), with a mild seasonal swing and a slow decline. Case numbers look like the
 * case system's: {@code A} + district code + {@code yyyyMM} + a 7-digit serial, e.g. {@code A1502032024050012345},
 * unique within one generated set. Notes are short Chinese descriptions with no names, phone or ID numbers.
 *
 * <p><b>Sources</b> (collected in the project's reference notes, victim-statistics.md): Ministry of Public Security 2023 (mean age 37,
 * 62.1% aged 18–40; 刷单返利 the most frequent type, investment fraud the costliest per case), the Kunming,
 * Chengdu, Zhejiang, Yang County, Zhengzhou and Yichun police analyses (occupations, women 51–61% overall, loss
 * bands). <b>Assumption</b>: where the victim was ({@code venue}) is published nowhere; it is derived here from
 * occupation and fraud type, and so are the district weights and the exact per-group parameters.
 */
public final class DemoCaseGenerator {

    /** How far back report dates go from the reference date. */
    public static final int MONTHS = 24;

    private final long seed;
    private final LocalDate referenceDate;
    private final LocalDate firstDate;
    private final int days;

    /**
     * @param seed          the same seed (with the same reference date) gives the same records
     * @param referenceDate the latest report date generated, usually today
     */
    public DemoCaseGenerator(long seed, LocalDate referenceDate) {
        this.seed = seed;
        this.referenceDate = Objects.requireNonNull(referenceDate, "referenceDate");
        this.firstDate = referenceDate.minusMonths(MONTHS).plusDays(1);
        this.days = (int) ChronoUnit.DAYS.between(firstDate, referenceDate) + 1;
    }

    public long seed() {
        return seed;
    }

    public LocalDate referenceDate() {
        return referenceDate;
    }

    /** The earliest report date generated. */
    public LocalDate firstDate() {
        return firstDate;
    }

    /** {@code count} records, made as they are read. Each call starts again from the seed. */
    public Iterator<CaseRecord> iterator(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        return new Cases(count);
    }

    /** {@code count} records as a sequential, ordered stream, made as they are read. */
    public Stream<CaseRecord> stream(long count) {
        int characteristics = Spliterator.ORDERED | Spliterator.SIZED | Spliterator.NONNULL | Spliterator.IMMUTABLE;
        return StreamSupport.stream(Spliterators.spliterator(iterator(count), count, characteristics), false);
    }

    /** A small set in memory; use {@link #stream} for large ones. */
    public List<CaseRecord> generate(int count) {
        List<CaseRecord> records = new ArrayList<>(count);
        iterator(count).forEachRemaining(records::add);
        return records;
    }

    // ---- the model ----------------------------------------------------------------------------------------

    static final String STUDENT = "学生";
    static final String JOBLESS = "无业";
    static final String MIGRANT = "进城务工人员";
    static final String COMPANY = "企业职工";
    static final String PUBLIC_SECTOR = "机关事业单位人员";
    static final String FREELANCE = "自由职业者";
    static final String RETIRED = "离退休人员";
    static final String FINANCE = "财务人员";
    static final String SELF_EMPLOYED = "个体工商户";
    static final String FARMER = "农牧民";

    static final String REBATE = "刷单返利";
    static final String INVESTMENT = "虚假网络投资理财";
    static final String SHOPPING = "虚假购物服务";
    static final String CUSTOMER_SERVICE = "冒充电商物流客服";
    static final String LOAN = "虚假网络贷款";
    static final String CREDIT = "虚假征信";
    static final String BOSS = "冒充领导熟人";
    static final String POLICE = "冒充公检法及政府机关";
    static final String ROMANCE = "网络婚恋交友";
    static final String GAME = "网络游戏产品虚假交易";
    static final String PENSION = "虚假养老投资";

    static final String[] EDUCATION = {"初中及以下", "高中/中专", "大专", "本科", "研究生"};

    /** A victim group; shares per district are in {@link District}. */
    private enum Group {
        STUDENTS(13, 20.5, 2.4, 12, 28, 0.52, 3_000, 1.0,
                pick(STUDENT, 1),
                null,
                pick(REBATE, 42, GAME, 30, SHOPPING, 12, CUSTOMER_SERVICE, 6, CREDIT, 5, ROMANCE, 5)),
        JOBLESS_AND_MIGRANTS(24, 33, 9, 18, 60, 0.55, 9_000, 1.1,
                pick(JOBLESS, 55, MIGRANT, 45),
                new double[] {45, 35, 14, 6, 0},
                pick(LOAN, 34, REBATE, 36, CREDIT, 18, SHOPPING, 6, ROMANCE, 5, CUSTOMER_SERVICE, 5)),
        STAFF(21, 35, 8.5, 21, 60, 0.60, 16_000, 1.2,
                pick(COMPANY, 75, PUBLIC_SECTOR, 25),
                new double[] {5, 22, 35, 33, 5},
                pick(CUSTOMER_SERVICE, 28, REBATE, 32, SHOPPING, 18, LOAN, 10, CREDIT, 8, INVESTMENT, 8)),
        SINGLE_EARNERS(11, 36, 7.5, 23, 58, 0.66, 110_000, 1.2,
                pick(COMPANY, 45, PUBLIC_SECTOR, 20, FREELANCE, 20, SELF_EMPLOYED, 15),
                new double[] {3, 15, 30, 42, 10},
                pick(INVESTMENT, 55, ROMANCE, 40, REBATE, 5)),
        OLDER(8, 64, 6, 55, 88, 0.62, 60_000, 1.2,
                pick(RETIRED, 80, JOBLESS, 20),
                new double[] {58, 30, 8, 4, 0},
                pick(POLICE, 42, PENSION, 38, INVESTMENT, 12, BOSS, 8)),
        FINANCE_STAFF(4, 35, 7.5, 22, 58, 0.80, 300_000, 1.0,
                pick(FINANCE, 1),
                new double[] {0, 8, 42, 45, 5},
                pick(BOSS, 85, INVESTMENT, 10, REBATE, 5)),
        SELF_EMPLOYED_PEOPLE(11, 43, 9, 22, 66, 0.47, 30_000, 1.2,
                pick(SELF_EMPLOYED, 1),
                new double[] {35, 40, 15, 10, 0},
                pick(LOAN, 26, REBATE, 18, CUSTOMER_SERVICE, 14, INVESTMENT, 14, SHOPPING, 12, BOSS, 8, POLICE, 8)),
        FARMERS_AND_HERDERS(8, 48, 10, 20, 75, 0.50, 11_000, 1.1,
                pick(FARMER, 1),
                new double[] {72, 24, 3, 1, 0},
                pick(LOAN, 22, REBATE, 22, POLICE, 18, SHOPPING, 15, CUSTOMER_SERVICE, 10, PENSION, 8, CREDIT, 5));

        final double share;
        final double ageMean;
        final double ageSd;
        final int ageMin;
        final int ageMax;
        final double female;
        final double lossMedian;
        final double lossSigma;
        final Pick<String> occupations;
        final Pick<String> education;
        final Pick<String> fraudTypes;

        Group(double share, double ageMean, double ageSd, int ageMin, int ageMax, double female,
              double lossMedian, double lossSigma, Pick<String> occupations, double[] education, Pick<String> fraudTypes) {
            this.share = share;
            this.ageMean = ageMean;
            this.ageSd = ageSd;
            this.ageMin = ageMin;
            this.ageMax = ageMax;
            this.female = female;
            this.lossMedian = lossMedian;
            this.lossSigma = lossSigma;
            this.occupations = occupations;
            this.education = education == null ? null : new Pick<>(EDUCATION, education);
            this.fraudTypes = fraudTypes;
        }
    }

    /** Minors are mostly caught by game-item trading (Kunming analysis). */
    private static final Pick<String> MINOR_FRAUD_TYPES = pick(GAME, 60, REBATE, 25, SHOPPING, 15);

    /** Baotou's districts: admin code, share of cases, and a weight per {@link Group} (in its order). */
    private enum District {
        KUNDULUN("昆都仑区", "150203", 26, 0.9, 1.0, 1.3, 1.1, 1.0, 1.2, 1.0, 0.1),
        QINGSHAN("青山区", "150204", 18, 0.9, 1.0, 1.3, 1.1, 1.0, 1.1, 1.0, 0.1),
        DONGHE("东河区", "150202", 17, 0.8, 1.3, 0.9, 1.0, 1.3, 1.0, 1.4, 0.3),
        JIUYUAN("九原区", "150207", 13, 2.6, 0.9, 1.0, 1.1, 0.8, 1.0, 0.9, 0.6),
        SHIGUAI("石拐区", "150205", 1.5, 0.4, 1.2, 1.4, 0.6, 1.6, 0.6, 0.8, 0.8),
        BAYAN_OBO("白云鄂博矿区", "150206", 1.5, 0.4, 1.0, 1.8, 0.7, 1.0, 0.7, 0.8, 0.3),
        TUMED_RIGHT("土默特右旗", "150221", 11, 0.6, 1.1, 0.6, 0.7, 1.2, 0.6, 1.1, 4.0),
        GUYANG("固阳县", "150222", 6.5, 0.5, 1.0, 0.5, 0.6, 1.4, 0.5, 1.0, 5.0),
        DARHAN_MUMINGGAN("达尔罕茂明安联合旗", "150223", 5.5, 0.5, 1.0, 0.6, 0.6, 1.3, 0.5, 1.0, 5.0);

        final String label;
        final String code;
        final double share;
        final Pick<Group> groups;

        District(String label, String code, double share, double... groupWeights) {
            this.label = label;
            this.code = code;
            this.share = share;
            Group[] all = Group.values();
            double[] weights = new double[all.length];
            for (int i = 0; i < all.length; i++) {
                weights[i] = all[i].share * groupWeights[i];
            }
            this.groups = new Pick<>(all, weights);
        }
    }

    private static final Pick<District> DISTRICTS;

    static {
        District[] all = District.values();
        double[] weights = new double[all.length];
        for (int i = 0; i < all.length; i++) {
            weights[i] = all[i].share;
        }
        DISTRICTS = new Pick<>(all, weights);
    }

    /** Who reports more by month: more around year end and the summer holidays, fewer at Spring Festival. */
    private static final double[] SEASON = {1.10, 0.85, 1.0, 1.0, 1.0, 1.0, 1.05, 1.05, 1.0, 1.0, 1.05, 1.15};
    /** Cases decline slowly across the window (about a quarter over two years), as campaigns take effect. */
    private static final double TREND = 0.3;
    private static final double MAX_DATE_WEIGHT = (1 + TREND) * 1.15;

    // Channels by fraud type.
    private static final Pick<String> CH_REBATE = pick("QQ", 40, "微信", 35, "短视频平台", 15, "短信", 10);
    private static final Pick<String> CH_GAME = pick("游戏平台", 50, "QQ", 40, "微信", 10);
    private static final Pick<String> CH_LOAN = pick("电话", 40, "短信", 35, "手机APP", 15, "微信", 10);
    private static final Pick<String> CH_CREDIT = pick("电话", 70, "短信", 20, "微信", 10);
    private static final Pick<String> CH_CUSTOMER_SERVICE = pick("电话", 85, "短信", 8, "微信", 7);
    private static final Pick<String> CH_SHOPPING = pick("购物平台", 35, "微信", 30, "短视频平台", 25, "QQ", 10);
    private static final Pick<String> CH_INVESTMENT = pick("微信", 40, "婚恋交友平台", 30, "短视频平台", 15, "手机APP", 15);
    private static final Pick<String> CH_INVESTMENT_SINGLE = pick("婚恋交友平台", 45, "微信", 35, "短视频平台", 10, "手机APP", 10);
    private static final Pick<String> CH_INVESTMENT_OLDER = pick("电话", 50, "微信", 50);
    private static final Pick<String> CH_ROMANCE = pick("婚恋交友平台", 65, "微信", 30, "QQ", 5);
    private static final Pick<String> CH_BOSS = pick("QQ", 55, "微信", 45);
    private static final Pick<String> CH_POLICE = pick("电话", 92, "短信", 5, "微信", 3);
    private static final Pick<String> CH_PENSION_AT_HOME = pick("电话", 60, "当面", 40);

    // Venues (an assumption, see the class comment).
    private static final String HOME = "家中";
    private static final Pick<String> V_STUDENT_MINOR = pick(HOME, 70, "学生宿舍", 30);
    private static final Pick<String> V_STUDENT = pick("学生宿舍", 85, HOME, 15);
    private static final Pick<String> V_FINANCE_AT_WORK = pick("工作单位", 90, HOME, 10);
    private static final Pick<String> V_PENSION = pick("保健品推销会", 60, HOME, 40);
    private static final Pick<String> V_MIGRANT = pick("出租屋", 65, "工作单位", 25, HOME, 10);
    private static final Pick<String> V_JOBLESS = pick(HOME, 60, "出租屋", 40);
    private static final Pick<String> V_SHOP = pick("经营场所", 55, HOME, 45);
    private static final Pick<String> V_STAFF_SHOPPING = pick(HOME, 75, "工作单位", 25);
    private static final Pick<String> V_STAFF = pick(HOME, 65, "工作单位", 35);
    private static final Pick<String> V_RURAL_OR_RETIRED = pick(HOME, 90, "公共场所", 10);
    private static final Pick<String> V_FREELANCE = pick(HOME, 85, "出租屋", 15);

    // Notes: what happened, then what followed. No digits, names or numbers of any kind.
    private static final String[] N_REBATE = {
            "被拉入兼职刷单群，前几单小额返利后被要求连续垫付，无法提现。",
            "看到网络兼职广告，按要求做任务垫资，对方以操作失误为由拒绝返还本金。",
            "下载所谓做任务软件，充值后账户显示冻结，需继续转账才能解冻。"};
    private static final String[] N_GAME = {
            "购买游戏账号及装备，付款后被对方拉黑。",
            "出售游戏装备时被要求到陌生交易网站操作，以账户冻结为由缴纳保证金。",
            "对方称可低价充值游戏点券，付款后未到账。"};
    private static final String[] N_LOAN = {
            "需要资金周转，按对方要求缴纳手续费、保证金后未获放款。",
            "下载虚假贷款软件，被以银行卡号填写错误需解冻为由多次转账。",
            "对方称可办理无抵押低息贷款，以刷流水验证还款能力为由骗取钱款。"};
    private static final String[] N_CREDIT = {
            "对方冒充金融平台客服，称需注销网贷账户否则影响征信，诱导转账。",
            "被告知征信有不良记录可代为修复，转账后对方失联。"};
    private static final String[] N_CUSTOMER_SERVICE = {
            "对方冒充电商客服，称所购商品有质量问题可双倍理赔，诱导开启屏幕共享后转账。",
            "对方冒充快递客服，称快递丢失需理赔，按指引操作后被骗。",
            "对方称误开通会员服务将每月扣费，需取消，按指引转账。"};
    private static final String[] N_SHOPPING = {
            "在网上低价购物，付款后未收到商品，对方失联。",
            "网上购买演出门票，付款后对方以各种名义追加费用。",
            "私下交易二手物品，付款后对方拉黑。"};
    private static final String[] N_INVESTMENT = {
            "结识自称投资导师者后被拉入荐股群，在虚假平台投资后无法提现。",
            "在虚假投资平台小额获利后追加投入，平台关闭无法出金。",
            "对方推荐虚拟货币投资，初期有收益，大额投入后账户被冻结。"};
    private static final String[] N_ROMANCE = {
            "在网上结识网友并确立恋爱关系，对方以投资、急用为由多次索要钱款。",
            "网恋对象称家人住院急需用钱，转账后被拉黑。",
            "交友对象引导其在所谓内部平台投资，称稳赚不赔，后无法提现。"};
    private static final String[] N_BOSS = {
            "对方冒充公司领导，要求紧急向合作方账户转账，未核实即操作。",
            "被拉入冒充领导的工作群，按所谓领导指示付款。",
            "对方冒充熟人称急需用钱，未电话核实即转账。"};
    private static final String[] N_POLICE = {
            "对方冒充公安机关，称其涉嫌洗钱需配合调查，将存款转入所谓安全账户。",
            "接到冒充社保部门来电，称社保卡异常，被转接至假冒警察后转账。",
            "对方冒充检察院工作人员出示伪造通缉令，要求其转账证明清白。"};
    private static final String[] N_PENSION_SEMINAR = {
            "参加保健品推销会，购买高价保健品并投入所谓养老项目，承诺的返利未兑现。",
            "参加免费健康讲座，被诱导购买所谓理疗产品，后对方人去楼空。",
            "在推销会上听信高额回报，投资养老公寓床位，后无法退还本金。"};
    private static final String[] N_PENSION_AT_HOME = {
            "对方上门推销保健品并承诺可返还养老金，付款后对方失联。",
            "对方以高额回报推销养老项目投资，后无法退还本金。",
            "对方冒充社保工作人员称可代办高额养老保险，收取费用后失联。"};
    private static final String[] N_OUTCOME = {
            "", "", "", "察觉被骗后报警。", "经家人提醒后报警。", "已止付部分资金。", "民警已开展劝阻回访。"};

    // ---- generation ---------------------------------------------------------------------------------------

    private final class Cases implements Iterator<CaseRecord> {
        private final SplittableRandom random = new SplittableRandom(seed);
        private final long count;
        private long made;
        /** Last serial used, per district and month of the window. */
        private final int[][] serials = new int[District.values().length][MONTHS + 2];
        private final int firstMonth = firstDate.getYear() * 12 + firstDate.getMonthValue() - 1;

        Cases(long count) {
            this.count = count;
        }

        @Override
        public boolean hasNext() {
            return made < count;
        }

        @Override
        public CaseRecord next() {
            if (made >= count) {
                throw new NoSuchElementException();
            }
            made++;
            SplittableRandom r = random;
            District district = DISTRICTS.next(r);
            Group group = district.groups.next(r);
            LocalDate date = reportDate(r);
            int age = age(group, r);
            String occupation = group.occupations.next(r);
            String education = group.education != null ? group.education.next(r) : studentEducation(age, r);
            String fraudType = (group == Group.STUDENTS && age < 18 ? MINOR_FRAUD_TYPES : group.fraudTypes).next(r);
            String gender = r.nextDouble() < female(group, fraudType) ? "女" : "男";
            String venue = venue(occupation, fraudType, age, r);
            String channel = channel(group, fraudType, venue, r);
            BigDecimal loss = loss(group, fraudType, r);
            String note = note(fraudType, venue, r);
            return new CaseRecord(caseNo(district, date, r), date, district.label, age, gender, occupation,
                    education, fraudType, channel, venue, loss, note);
        }

        private LocalDate reportDate(SplittableRandom r) {
            while (true) {
                int offset = r.nextInt(days);
                LocalDate date = firstDate.plusDays(offset);
                double weight = (1 + TREND * (1 - (double) offset / days)) * SEASON[date.getMonthValue() - 1];
                if (r.nextDouble() * MAX_DATE_WEIGHT < weight) {
                    return date;
                }
            }
        }

        private String caseNo(District district, LocalDate date, SplittableRandom r) {
            int month = date.getYear() * 12 + date.getMonthValue() - 1 - firstMonth;
            int[] perMonth = serials[district.ordinal()];
            // serials start part-way into the month's numbering and skip a few: other kinds of case share it
            perMonth[month] = perMonth[month] == 0 ? 1 + r.nextInt(400) : perMonth[month] + 1 + r.nextInt(3);
            StringBuilder sb = new StringBuilder(24).append('A').append(district.code).append(date.getYear());
            if (date.getMonthValue() < 10) {
                sb.append('0');
            }
            sb.append(date.getMonthValue());
            String serial = Integer.toString(perMonth[month]);
            for (int i = serial.length(); i < 7; i++) {
                sb.append('0');
            }
            return sb.append(serial).toString();
        }
    }

    private static int age(Group group, SplittableRandom r) {
        long age = Math.round(group.ageMean + group.ageSd * r.nextGaussian());
        return (int) Math.max(group.ageMin, Math.min(group.ageMax, age));
    }

    private static String studentEducation(int age, SplittableRandom r) {
        if (age <= 15) {
            return EDUCATION[0];
        }
        if (age <= 18) {
            return EDUCATION[1];
        }
        if (age <= 22) {
            return r.nextDouble() < 0.45 ? EDUCATION[2] : EDUCATION[3];
        }
        return r.nextDouble() < 0.5 ? EDUCATION[3] : EDUCATION[4];
    }

    /** Women are more often victims of romance, rebate and police impersonation; men of game trading and loans (Zhejiang). */
    private static double female(Group group, String fraudType) {
        double shift = switch (fraudType) {
            case ROMANCE -> 0.12;
            case REBATE, POLICE -> 0.05;
            case LOAN -> -0.08;
            case GAME -> -0.25;
            default -> 0;
        };
        return Math.max(0.05, Math.min(0.95, group.female + shift));
    }

    /** The assumption: venue follows from the fraud (boss scams at work, pension schemes at seminars) or from the occupation. */
    private static String venue(String occupation, String fraudType, int age, SplittableRandom r) {
        if (fraudType.equals(PENSION)) {
            return V_PENSION.next(r);
        }
        if (fraudType.equals(BOSS) && occupation.equals(FINANCE)) {
            return V_FINANCE_AT_WORK.next(r);
        }
        return switch (occupation) {
            case STUDENT -> (age < 18 ? V_STUDENT_MINOR : V_STUDENT).next(r);
            case MIGRANT -> V_MIGRANT.next(r);
            case JOBLESS -> V_JOBLESS.next(r);
            case SELF_EMPLOYED -> V_SHOP.next(r);
            case RETIRED, FARMER -> V_RURAL_OR_RETIRED.next(r);
            case FREELANCE -> V_FREELANCE.next(r);
            default -> (fraudType.equals(CUSTOMER_SERVICE) || fraudType.equals(SHOPPING) ? V_STAFF_SHOPPING : V_STAFF).next(r);
        };
    }

    private static String channel(Group group, String fraudType, String venue, SplittableRandom r) {
        Pick<String> channels = switch (fraudType) {
            case REBATE -> CH_REBATE;
            case GAME -> CH_GAME;
            case LOAN -> CH_LOAN;
            case CREDIT -> CH_CREDIT;
            case CUSTOMER_SERVICE -> CH_CUSTOMER_SERVICE;
            case SHOPPING -> CH_SHOPPING;
            case INVESTMENT -> group == Group.SINGLE_EARNERS ? CH_INVESTMENT_SINGLE
                    : group == Group.OLDER ? CH_INVESTMENT_OLDER : CH_INVESTMENT;
            case ROMANCE -> CH_ROMANCE;
            case BOSS -> CH_BOSS;
            case POLICE -> CH_POLICE;
            case PENSION -> venue.equals(HOME) ? CH_PENSION_AT_HOME : null;
            default -> throw new IllegalStateException(fraudType);
        };
        return channels == null ? "当面" : channels.next(r);
    }

    /** Log-normal around the group's median, scaled by how costly the fraud type is, then rounded as recorded. */
    private static BigDecimal loss(Group group, String fraudType, SplittableRandom r) {
        double factor = switch (fraudType) {
            case INVESTMENT -> 1.6;
            case POLICE -> 1.5;
            case BOSS -> 1.3;
            case CUSTOMER_SERVICE -> 1.2;
            case CREDIT -> 1.1;
            case LOAN -> 0.7;
            case GAME -> 0.6;
            case SHOPPING -> 0.5;
            default -> 1.0;
        };
        double yuan = group.lossMedian * factor * Math.exp(group.lossSigma * r.nextGaussian());
        yuan = Math.max(50, Math.min(30_000_000, yuan));
        long step = yuan < 1_000 ? 1 : yuan < 10_000 ? 10 : yuan < 100_000 ? 100 : 1_000;
        return BigDecimal.valueOf(Math.round(yuan / step) * step);
    }

    private static String note(String fraudType, String venue, SplittableRandom r) {
        String[] notes = switch (fraudType) {
            case REBATE -> N_REBATE;
            case GAME -> N_GAME;
            case LOAN -> N_LOAN;
            case CREDIT -> N_CREDIT;
            case CUSTOMER_SERVICE -> N_CUSTOMER_SERVICE;
            case SHOPPING -> N_SHOPPING;
            case INVESTMENT -> N_INVESTMENT;
            case ROMANCE -> N_ROMANCE;
            case BOSS -> N_BOSS;
            case POLICE -> N_POLICE;
            case PENSION -> venue.equals(HOME) ? N_PENSION_AT_HOME : N_PENSION_SEMINAR;
            default -> throw new IllegalStateException(fraudType);
        };
        return notes[r.nextInt(notes.length)] + N_OUTCOME[r.nextInt(N_OUTCOME.length)];
    }

    /** A weighted choice among a few values. */
    private static final class Pick<T> {
        private final T[] values;
        private final double[] cumulative;

        Pick(T[] values, double[] weights) {
            if (values.length != weights.length || values.length == 0) {
                throw new IllegalArgumentException("values and weights differ in length");
            }
            this.values = values;
            this.cumulative = new double[weights.length];
            double total = 0;
            for (double weight : weights) {
                total += weight;
            }
            double sum = 0;
            for (int i = 0; i < weights.length; i++) {
                sum += weights[i];
                cumulative[i] = sum / total;
            }
        }

        T next(SplittableRandom r) {
            double u = r.nextDouble();
            for (int i = 0; i < cumulative.length - 1; i++) {
                if (u < cumulative[i]) {
                    return values[i];
                }
            }
            return values[values.length - 1];
        }
    }

    /** {@code pick("a", 3, "b", 1)}: values with their weights. */
    private static Pick<String> pick(Object... valuesAndWeights) {
        int n = valuesAndWeights.length / 2;
        String[] values = new String[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (String) valuesAndWeights[2 * i];
            weights[i] = ((Number) valuesAndWeights[2 * i + 1]).doubleValue();
        }
        return new Pick<>(values, weights);
    }
}
