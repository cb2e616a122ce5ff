package org.qiandai.campaign.templates;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fraud types a warning may be about, as the Ministry of Public Security names its ten commonest (plus the pension
 * schemes the demo cases carry), each with its tell-tale sign: the one fact that gives the scam away, which an early
 * warning names as {@code {sign}}. Short forms in use (冒充公检法, 杀猪盘, 冒充客服 …) are read as the type they stand for.
 * A fraud type outside this list keeps its name and has the {@link #GENERIC} sign.
 */
public final class FraudSigns {

    /** One fraud type: its name, the other names it goes by, and its sign in Chinese and in English. */
    public record FraudType(String name, List<String> aliases, String signZh, String signEn) {
    }

    public static final FraudType GENERIC = new FraudType("其他", List.of(),
            "陌生来电、短信、链接要求转账汇款的都是诈骗",
            "any stranger's call, text or link that asks you to transfer money is fraud");

    private static final List<FraudType> TYPES = List.of(
            new FraudType("刷单返利", List.of("刷单", "兼职刷单", "刷单诈骗"),
                    "网上兼职刷单、先垫付再返利的都是诈骗",
                    "online 'tasks' that pay a rebate once you advance money are always fraud"),
            new FraudType("虚假网络投资理财", List.of("虚假投资理财", "投资理财", "虚假投资", "网络投资理财"),
                    "陌生人拉群荐股、炒币，承诺稳赚高回报的都是诈骗",
                    "strangers who add you to a group and promise sure high returns are fraudsters"),
            new FraudType("虚假购物服务", List.of("虚假购物", "网络购物"),
                    "低价商品要求私下转账付款的都是诈骗",
                    "a bargain that must be paid by private transfer is fraud"),
            new FraudType("冒充电商物流客服", List.of("冒充客服", "冒充电商客服", "冒充物流客服", "冒充客服退款", "虚假客服"),
                    "自称客服要您退款理赔、开屏幕共享的都是诈骗",
                    "'customer service' that offers a refund and asks you to share your screen is fraud"),
            new FraudType("虚假网络贷款", List.of("网络贷款", "虚假贷款", "网贷"),
                    "放贷前要先交保证金、解冻费的都是诈骗",
                    "a loan that needs a deposit or 'unfreezing fee' first is fraud"),
            new FraudType("虚假征信", List.of("征信", "注销校园贷", "消除征信"),
                    "自称能消除不良征信、注销校园贷的都是诈骗",
                    "nobody can erase a bad credit record or 'close a student loan' for you: it is fraud"),
            new FraudType("冒充领导熟人", List.of("冒充领导", "冒充熟人", "冒充领导、熟人"),
                    "“领导”“熟人”在网上要求转账，务必先当面或电话核实",
                    "a 'boss' or 'friend' who asks online for a transfer: call them back first"),
            new FraudType("冒充公检法及政府机关", List.of("冒充公检法", "冒充公安", "冒充政府机关", "冒充公检法机关"),
                    "公检法机关不会电话办案，更不会让您转账到“安全账户”",
                    "police and courts never handle cases by phone nor ask for money in a 'safe account'"),
            new FraudType("网络婚恋交友", List.of("婚恋交友", "杀猪盘", "网络交友"),
                    "网恋对象带您投资、博彩的都是诈骗",
                    "an online sweetheart who asks you to invest or gamble is a fraudster"),
            new FraudType("网络游戏产品虚假交易", List.of("游戏交易", "虚假游戏交易", "网络游戏虚假交易"),
                    "买卖游戏账号装备要求私下交易、先付款的都是诈骗",
                    "game accounts or items sold off the platform, paid first, are fraud"),
            new FraudType("虚假养老投资", List.of("养老投资", "养老诈骗", "以房养老"),
                    "高息养老项目、保健品投资承诺返利的都是诈骗",
                    "pension schemes or health products that promise high returns are fraud"));

    private static final Map<String, FraudType> BY_NAME = new LinkedHashMap<>();

    static {
        for (FraudType t : TYPES) {
            BY_NAME.put(key(t.name()), t);
            t.aliases().forEach(a -> BY_NAME.put(key(a), t));
        }
    }

    private FraudSigns() {
    }

    /** The known types, in the order above (without {@link #GENERIC}). */
    public static List<FraudType> types() {
        return TYPES;
    }

    /** The type a name (or short form) stands for; empty for a name outside the list. */
    public static Optional<FraudType> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(key(name)));
    }

    /** The name as stored: the canonical name of a known type, else the name as given (trimmed). */
    public static String canonical(String name) {
        return find(name).map(FraudType::name).orElse(name == null ? null : name.strip());
    }

    /** The tell-tale sign of a fraud type in a language ({@code en}, else Chinese); the generic one for an unknown type. */
    public static String sign(String fraudType, String language) {
        FraudType t = find(fraudType).orElse(GENERIC);
        return "en".equals(language) ? t.signEn() : t.signZh();
    }

    /** The longest sign in a language: what SMS lengths are counted with. */
    static String longest(String language) {
        List<FraudType> all = new ArrayList<>(TYPES);
        all.add(GENERIC);
        String longest = "";
        for (FraudType t : all) {
            String s = "en".equals(language) ? t.signEn() : t.signZh();
            if (SmsCounter.count(s).units() > SmsCounter.count(longest).units()) {
                longest = s;
            }
        }
        return longest;
    }

    private static String key(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).strip().replaceAll("[\\s、，,·]", "");
    }
}
