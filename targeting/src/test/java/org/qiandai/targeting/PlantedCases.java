package org.qiandai.targeting;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.qiandai.campaign.cases.CaseRecord;

/**
 * Case sets with planted victim groups: each group has a dominant value per feature (taken with probability
 * {@code dominance}, otherwise any value of the feature at random), its own age and loss distributions and share of
 * women. Groups share some values (微信, 家中, 刷单返利 …) as real groups do. Every field may be missing at {@code missing}.
 */
record PlantedCases(List<CaseRecord> cases, int[] labels, List<Group> groups) {

    record Group(String name, double weight, String occupation, String fraudType, String channel, String venue,
                 String education, double female, double ageMean, double ageSd, double lossMedian) {
    }

    static final List<Group> GROUPS = List.of(
            new Group("students", 20, "学生", "刷单返利", "QQ", "学生宿舍", "本科", 0.55, 20, 2, 3_000),
            new Group("jobless", 22, "无业", "虚假网络贷款", "电话", "家中", "初中及以下", 0.45, 33, 8, 9_000),
            new Group("staff", 18, "企业职工", "冒充电商物流客服", "电话", "工作单位", "大专", 0.6, 35, 7, 16_000),
            new Group("singles", 14, "自由职业者", "网络婚恋交友", "婚恋交友平台", "家中", "本科", 0.7, 36, 6, 110_000),
            new Group("retirees", 14, "离退休人员", "虚假养老投资", "当面", "保健品推销会", "初中及以下", 0.6, 66, 6, 60_000),
            new Group("finance", 12, "财务人员", "冒充领导熟人", "微信", "工作单位", "本科", 0.8, 35, 6, 300_000));

    static final String[] OCCUPATIONS = {"学生", "无业", "企业职工", "自由职业者", "离退休人员", "财务人员", "个体工商户", "农牧民"};
    static final String[] FRAUD_TYPES = {"刷单返利", "虚假网络贷款", "冒充电商物流客服", "网络婚恋交友", "虚假养老投资", "冒充领导熟人",
            "虚假购物服务", "冒充公检法及政府机关"};
    static final String[] CHANNELS = {"QQ", "电话", "婚恋交友平台", "当面", "微信", "短信"};
    static final String[] VENUES = {"学生宿舍", "家中", "工作单位", "保健品推销会", "出租屋"};
    static final String[] EDUCATION = {"初中及以下", "高中/中专", "大专", "本科", "研究生"};

    static PlantedCases generate(int count, long seed, double dominance, double missing) {
        SplittableRandom random = new SplittableRandom(seed);
        double totalWeight = GROUPS.stream().mapToDouble(Group::weight).sum();
        List<CaseRecord> cases = new ArrayList<>(count);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            double u = random.nextDouble() * totalWeight;
            int g = 0;
            while (u >= GROUPS.get(g).weight() && g < GROUPS.size() - 1) {
                u -= GROUPS.get(g).weight();
                g++;
            }
            Group group = GROUPS.get(g);
            labels[i] = g;
            Integer age = (int) Math.round(Math.max(12, Math.min(95, group.ageMean() + group.ageSd() * random.nextGaussian())));
            double loss = Math.round(group.lossMedian() * Math.exp(0.8 * random.nextGaussian()));
            cases.add(new CaseRecord(String.format("P%d-%06d", seed, i), LocalDate.of(2025, 1, 1).plusDays(i % 365), "东河区",
                    missing(random, missing) ? null : age,
                    missing(random, missing) ? null : random.nextDouble() < group.female() ? "女" : "男",
                    value(random, dominance, missing, group.occupation(), OCCUPATIONS),
                    value(random, dominance, missing, group.education(), EDUCATION),
                    value(random, dominance, missing, group.fraudType(), FRAUD_TYPES),
                    value(random, dominance, missing, group.channel(), CHANNELS),
                    value(random, dominance, missing, group.venue(), VENUES),
                    missing(random, missing) ? null : BigDecimal.valueOf(loss),
                    ""));
        }
        return new PlantedCases(cases, labels, GROUPS);
    }

    private static boolean missing(SplittableRandom random, double missing) {
        return random.nextDouble() < missing;
    }

    private static String value(SplittableRandom random, double dominance, double missing, String dominant, String[] all) {
        if (missing(random, missing)) {
            return null;
        }
        return random.nextDouble() < dominance ? dominant : all[random.nextInt(all.length)];
    }
}
