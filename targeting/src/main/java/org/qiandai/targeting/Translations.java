package org.qiandai.targeting;

import java.util.Map;

/** English names for the common values of case records, for profile labels; other values stay in Chinese. */
final class Translations {

    private static final Map<String, String> EN = Map.ofEntries(
            Map.entry("学生", "Students"), Map.entry("无业", "Unemployed"), Map.entry("进城务工人员", "Migrant workers"),
            Map.entry("企业职工", "Company staff"), Map.entry("机关事业单位人员", "Public-sector staff"),
            Map.entry("自由职业者", "Freelancers"), Map.entry("离退休人员", "Retirees"), Map.entry("财务人员", "Finance staff"),
            Map.entry("个体工商户", "Self-employed"), Map.entry("农牧民", "Farmers and herders"),
            Map.entry("刷单返利", "order-brushing rebate"), Map.entry("虚假网络投资理财", "fake online investment"),
            Map.entry("虚假购物服务", "fake shopping"), Map.entry("冒充电商物流客服", "fake e-commerce customer service"),
            Map.entry("虚假网络贷款", "fake online loan"), Map.entry("虚假征信", "fake credit repair"),
            Map.entry("冒充领导熟人", "impersonated boss or acquaintance"),
            Map.entry("冒充公检法及政府机关", "impersonated police or officials"), Map.entry("网络婚恋交友", "online romance"),
            Map.entry("网络游戏产品虚假交易", "fake game-item trading"), Map.entry("虚假养老投资", "fake pension investment"),
            Map.entry("微信", "WeChat"), Map.entry("电话", "phone"), Map.entry("短信", "SMS"), Map.entry("短视频平台", "short-video app"),
            Map.entry("游戏平台", "game platform"), Map.entry("手机APP", "mobile app"), Map.entry("购物平台", "shopping platform"),
            Map.entry("婚恋交友平台", "dating platform"), Map.entry("当面", "in person"),
            Map.entry("家中", "at home"), Map.entry("学生宿舍", "dormitory"), Map.entry("工作单位", "at work"),
            Map.entry("保健品推销会", "health-product seminar"), Map.entry("出租屋", "rented room"),
            Map.entry("经营场所", "own shop"), Map.entry("公共场所", "public place"),
            Map.entry("男", "men"), Map.entry("女", "women"),
            Map.entry("初中及以下", "junior secondary or less"), Map.entry("高中/中专", "senior secondary"),
            Map.entry("大专", "college"), Map.entry("本科", "bachelor's"), Map.entry("研究生", "postgraduate"),
            Map.entry(CaseEncoder.OTHER, "other"), Map.entry(CaseEncoder.UNKNOWN, "unknown"));

    private Translations() {
    }

    static String english(String zh) {
        String band = Bands.english(zh);
        if (band != null) {
            return band;
        }
        return EN.getOrDefault(zh, zh);
    }
}
