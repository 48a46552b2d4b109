#include "standards/gb18218.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>

namespace lakeguard::standards {
namespace {

// GB 18218-2018 表1, generated once from shared/standards/gb18218_2018_table1.csv (columns seq,
// name, alias, cas, critical_quantity_t) and kept byte-for-byte as in that file; the unit test
// Gb18218Table1.EmbeddedTableEqualsTheShippedCsv re-reads data/standards/gb18218_2018_table1.csv
// and compares. Aliases are separated by ';' (row 14 uses '、' inside its alias field, split the
// same way), CAS numbers by "; ", and "—" means the standard gives no CAS number.
struct RawRow {
  int seq;
  std::string_view name;
  std::string_view aliases;
  std::string_view cas;
  double q_t;
};

// clang-format off
constexpr RawRow kTable1[] = {
    {1, "氨", "液氨;氨气", "7664-41-7", 10},
    {2, "二氟化氧", "一氧化二氟", "7783-41-7", 1},
    {3, "二氧化氮", "", "10102-44-0", 1},
    {4, "二氧化硫", "亚硫酸酐", "7446-09-5", 20},
    {5, "氟", "", "7782-41-4", 1},
    {6, "碳酰氯", "光气", "75-44-5", 0.3},
    {7, "环氧乙烷", "氧化乙烯", "75-21-8", 10},
    {8, "甲醛(含量>90%)", "蚁醛", "50-00-0", 5},
    {9, "磷化氢", "磷化三氢;膦", "7803-51-2", 1},
    {10, "硫化氢", "", "7783-06-4", 5},
    {11, "氯化氢(无水)", "", "7647-01-0", 20},
    {12, "氯", "液氯;氯气", "7782-50-5", 5},
    {13, "煤气(CO,CO和H₂、CH₄的混合物等)", "", "—", 20},
    {14, "砷化氢", "砷化三氢、胂", "7784-42-1", 1},
    {15, "锑化氢", "三氢化锑;锑化三氢", "7803-52-3", 1},
    {16, "硒化氢", "", "7783-07-5", 1},
    {17, "溴甲烷", "甲基溴", "74-83-9", 10},
    {18, "丙酮氰醇", "丙酮合氰化氢;2-羟基异丁腈;氰丙醇", "75-86-5", 20},
    {19, "丙烯醛", "烯丙醛;败脂醛", "107-02-8", 20},
    {20, "氟化氢", "", "7664-39-3", 1},
    {21, "1-氯-2,3-环氧丙烷", "环氧氯丙烷", "106-89-8", 20},
    {22, "3-溴-1,2-环氧丙烷", "环氧溴丙烷;表溴醇", "3132-64-7", 20},
    {23, "甲苯二异氰酸酯", "TDI", "26471-62-5", 100},
    {24, "一氯化硫", "氯化硫", "10025-67-9", 1},
    {25, "氰化氢", "无水氢氰酸", "74-90-8", 1},
    {26, "三氧化硫", "硫酸酐", "7446-11-9", 75},
    {27, "3-氨基丙烯", "烯丙胺", "107-11-9", 20},
    {28, "溴", "溴素", "7726-95-6", 20},
    {29, "乙撑亚胺", "吖丙啶;氮丙啶", "151-56-4", 20},
    {30, "异氰酸甲酯", "甲基异氰酸酯", "624-83-9", 0.75},
    {31, "叠氮化钡", "叠氮钡", "18810-58-7", 0.5},
    {32, "叠氮化铅", "", "13424-46-9", 0.5},
    {33, "雷汞", "雷酸汞", "628-86-4", 0.5},
    {34, "三硝基苯甲醚", "三硝基茴香醚", "28653-16-9", 5},
    {35, "2,4,6-三硝基甲苯", "TNT", "118-96-7", 5},
    {36, "硝化甘油", "硝化丙三醇", "55-63-0", 1},
    {37, "硝化纤维素[干的或含水(或乙醇)<25%]", "硝化棉", "9004-70-0", 1},
    {38, "硝化纤维素(未改型的,或增塑的,含增塑剂<18%)", "硝化棉", "9004-70-0", 1},
    {39, "硝化纤维素(含乙醇≥25%)", "硝化棉", "9004-70-0", 10},
    {40, "硝化纤维素(含氮≤12.6%)", "硝化棉", "9004-70-0", 50},
    {41, "硝化纤维素(含水≥25%)", "硝化棉", "9004-70-0", 50},
    {42, "硝化纤维素溶液(含氮量≤12.6%,含硝化纤维素≤55%)", "硝化棉溶液", "9004-70-0", 50},
    {43, "硝酸铵(含可燃物>0.2%…)", "", "6484-52-2", 5},
    {44, "硝酸铵(含可燃物≤0.2%)", "", "6484-52-2", 50},
    {45, "硝酸铵肥料(含可燃物≤0.4%)", "", "—", 200},
    {46, "硝酸钾", "", "7757-79-1", 1000},
    {47, "1,3-丁二烯", "联乙烯", "106-99-0", 5},
    {48, "二甲醚", "甲醚", "115-10-6", 50},
    {49, "甲烷,天然气", "", "74-82-8; 8006-14-2", 50},
    {50, "氯乙烯", "乙烯基氯", "75-01-4", 50},
    {51, "氢", "氢气", "1333-74-0", 5},
    {52, "液化石油气(含丙烷、丁烷及其混合物)", "石油气(液化的)", "68476-85-7; 74-98-6; 106-97-8", 50},
    {53, "一甲胺", "甲胺", "74-89-5", 5},
    {54, "乙炔", "电石气", "74-86-2", 1},
    {55, "乙烯", "", "74-85-1", 50},
    {56, "氧(压缩的或液化的)", "液氧;氧气", "7782-44-7", 200},
    {57, "苯", "纯苯", "71-43-2", 50},
    {58, "苯乙烯", "乙烯苯", "100-42-5", 500},
    {59, "丙酮", "二甲基酮", "67-64-1", 500},
    {60, "2-丙烯腈", "丙烯腈", "107-13-1", 50},
    {61, "二硫化碳", "", "75-15-0", 50},
    {62, "环己烷", "六氢化苯", "110-82-7", 500},
    {63, "1,2-环氧丙烷", "氧化丙烯", "75-56-9", 10},
    {64, "甲苯", "甲基苯", "108-88-3", 500},
    {65, "甲醇", "木醇;木精", "67-56-1", 500},
    {66, "汽油(乙醇汽油、甲醇汽油)", "", "86290-81-5", 200},
    {67, "乙醇", "酒精", "64-17-5", 500},
    {68, "乙醚", "二乙基醚", "60-29-7", 10},
    {69, "乙酸乙酯", "醋酸乙酯", "141-78-6", 500},
    {70, "正己烷", "己烷", "110-54-3", 500},
    {71, "过乙酸", "过氧乙酸", "79-21-0", 10},
    {72, "过氧化甲基乙基酮(10%<有效氧≤10.7%,含A型稀释剂≥48%)", "", "1338-23-4", 10},
    {73, "白磷", "黄磷", "12185-10-3", 50},
    {74, "烷基铝", "三烷基铝", "—", 1},
    {75, "戊硼烷", "五硼烷", "19624-22-7", 1},
    {76, "过氧化钾", "", "17014-71-0", 20},
    {77, "过氧化钠", "双氧化钠", "1313-60-6", 20},
    {78, "氯酸钾", "", "3811-04-9", 100},
    {79, "氯酸钠", "", "7775-09-9", 100},
    {80, "发烟硝酸", "", "52583-42-3", 20},
    {81, "硝酸(发红烟的除外,含硝酸>70%)", "", "7697-37-2", 100},
    {82, "硝酸胍", "硝酸亚氨脲", "506-93-4", 50},
    {83, "碳化钙", "电石", "75-20-7", 100},
    {84, "钾", "金属钾", "7440-09-7", 1},
    {85, "钠", "金属钠", "7440-23-5", 10},
};
// clang-format on
static_assert(std::size(kTable1) == 85);

// GB 18218-2018 表2 (Q) with 表4 (β); shared/docs/domain/standards.md §1.4 and §1.5.
constexpr HazardClass kTable2[] = {
    {"J1", "急性毒性", "类别1，所有暴露途径，气体", 5, 4},
    {"J2", "急性毒性", "类别1，所有暴露途径，固体、液体", 50, 1},
    {"J3", "急性毒性", "类别2、类别3，所有暴露途径，气体", 50, 2},
    {"J4", "急性毒性", "类别2、类别3，吸入途径，液体（沸点≤35℃）", 50, 2},
    {"J5", "急性毒性", "类别2，所有暴露途径，液体（除J4外）、固体", 500, 1},
    {"W1.1", "爆炸物", "不稳定爆炸物；1.1项爆炸物", 1, 2},
    {"W1.2", "爆炸物", "1.2、1.3、1.5、1.6项爆炸物", 10, 2},
    {"W1.3", "爆炸物", "1.4项爆炸物", 50, 2},
    {"W2", "易燃气体", "类别1和类别2", 10, 1.5},
    {"W3", "气溶胶", "类别1和类别2", 150, 1},
    {"W4", "氧化性气体", "类别1", 50, 1},
    {"W5.1", "易燃液体", "类别1；类别2和3，工作温度高于沸点", 10, 1.5},
    {"W5.2", "易燃液体",
     "类别2和3，具有引发重大事故的特殊工艺条件，包括危险化工工艺、爆炸极限范围或附近操作、操作压力"
     "大于1.6MPa等",
     50, 1},
    {"W5.3", "易燃液体", "不属于W5.1或W5.2的其他类别2", 1000, 1},
    {"W5.4", "易燃液体", "不属于W5.1或W5.2的其他类别3", 5000, 1},
    {"W6.1", "自反应物质和混合物", "A型和B型自反应物质和混合物", 10, 1.5},
    {"W6.2", "自反应物质和混合物", "C型、D型、E型自反应物质和混合物", 50, 1},
    {"W7.1", "有机过氧化物", "A型和B型有机过氧化物", 10, 1.5},
    {"W7.2", "有机过氧化物", "C型、D型、E型、F型有机过氧化物", 50, 1},
    {"W8", "自燃液体和自燃固体", "类别1自燃液体；类别1自燃固体", 50, 1},
    {"W9.1", "氧化性固体和液体", "类别1", 50, 1},
    {"W9.2", "氧化性固体和液体", "类别2、类别3", 200, 1},
    {"W10", "易燃固体", "类别1易燃固体", 200, 1},
    {"W11", "遇水放出易燃气体的物质和混合物", "类别1和类别2", 200, 1},
};

// Short names that the standard's row names combine ("甲烷,天然气") or qualify, so that the plain
// name a user types finds the row. Only where the plain name means exactly these rows: 甲醛 (row 8
// is only >90 %), 硝酸 (row 81 excludes fuming acid and ≤70 %) and 氯化氢 (row 11 is anhydrous) are
// deliberately absent. 硝酸铵 and 硝化纤维素 are ambiguous on purpose, like their CAS numbers.
struct ShortName {
  std::string_view key;
  int seq;
};
constexpr ShortName kShortNames[] = {
    {"煤气", 13},
    {"硝化纤维素", 37},
    {"硝化纤维素", 38},
    {"硝化纤维素", 39},
    {"硝化纤维素", 40},
    {"硝化纤维素", 41},
    {"硝化纤维素溶液", 42},
    // Row 43's full name; the CSV shortens it (shared/standards/README.md).
    {"硝酸铵(含可燃物>0.2%,包括以碳计算的任何有机物,但不包括任何其他添加剂)", 43},
    {"硝酸铵", 43},
    {"硝酸铵", 44},
    {"甲烷", 49},
    {"天然气", 49},
    {"液化石油气", 52},
    {"汽油", 66},
    {"乙醇汽油", 66},
    {"甲醇汽油", 66},
    // Aliases (and row 72's name) that the shipped CSV shortens, as the standard's PDF writes them
    // (qieqiesitan/digital-emergency-plan-generator, docs/标准数据-GB18218-2018/
    // GB18218-2018-临界量与分级参数.md, commit 60c46a5f: "extracted from the standard's PDF").
    {"3-氯-1,2-环氧丙烷", 21},
    {"溴甲基环氧乙烷", 22},
    {"二异氰酸甲苯酯", 23},
    {"1-氮杂环丙烷", 29},
    {"二雷酸汞", 33},
    {"梯恩梯", 35},
    {"甘油三硝酸酯", 36},
    {"氨基甲烷", 53},
    {"乙烯基氰", 60},
    {"氰基乙烯", 60},
    {"甲基环氧乙烷", 63},
    {"苯基甲烷", 64},
    {"过醋酸", 71},
    {"乙酰过氧化氢", 71},
    {"过氧化甲基乙基酮(10%<有效氧含量≤10.7%,含A型稀释剂≥48%)", 72},
    {"二氧化钠", 77},
};

// GB 18218-2018 表3 (β of named toxic gases), shared/docs/domain/standards.md §1.5. Each name is
// the Table 1 row of the same substance (氯化氢 is row 11, 氯化氢(无水)) except 一氧化碳: Table 1
// names CO only inside row 13 煤气 (a family of gas mixtures), which find_table1 deliberately does
// not match for 一氧化碳, so CO carries its own CAS number here.
constexpr ToxicGas kTable3[] = {
    {"一氧化碳", 2, 0, "630-08-0"},
    {"二氧化硫", 2, 4, ""},
    {"氨", 2, 1, ""},
    {"环氧乙烷", 2, 7, ""},
    {"氯化氢", 3, 11, ""},
    {"溴甲烷", 3, 17, ""},
    {"氯", 4, 12, ""},
    {"硫化氢", 5, 10, ""},
    {"氟化氢", 5, 20, ""},
    {"二氧化氮", 10, 3, ""},
    {"氰化氢", 10, 25, ""},
    {"碳酰氯", 20, 6, ""},
    {"磷化氢", 20, 9, ""},
    {"异氰酸甲酯", 20, 30, ""},
};

// Default Table 2 class per Table 1 row (index = seq − 1): set only where exactly one Table 2 class
// applies under the chemical's GB 30000 (GHS) classification in 《危险化学品目录》(2015) —
// cross-read with the EU CLP Annex VI entries and the UN transport classification — and nullptr
// otherwise. Reasoning per row; "Acute Tox. 3 liquid/solid" counts for no Table 2 class (J2/J5 are
// category 1/2 solids and liquids, J4 only liquids boiling at ≤35 ℃), nor do corrosivity or
// carcinogenicity. For flammable liquids of category 2 or 3 the class depends on process conditions
// (W5.1 above the boiling point, W5.2 special process, else W5.3/W5.4), so none of them gets a
// default. These choices are ours, NOT part of GB 18218: the user can always override them.
// clang-format off
constexpr const char* kDefaultClass[85] = {
    nullptr,  //  1 氨: flammable gas cat 2 (W2) and acute tox. inhal. cat 3 gas (J3).
    nullptr,  //  2 二氟化氧: oxidising gas (W4) and very toxic gas (J1/J3).
    nullptr,  //  3 二氧化氮: oxidising gas cat 1 (W4) and toxic gas (J1/J3).
    "J3",     //  4 二氧化硫: acute tox. inhal. cat 3, gas; neither flammable nor oxidising.
    nullptr,  //  5 氟: oxidising gas cat 1 (W4) and toxic gas (J3/J1).
    nullptr,  //  6 碳酰氯: toxic gas, sources differ on cat 1 (J1) vs cat 2 (J3).
    nullptr,  //  7 环氧乙烷: flammable gas cat 1 (W2) and toxic gas cat 3 (J3).
    nullptr,  //  8 甲醛(>90%): flammable gas (W2) and toxic gas cat 3 (J3).
    nullptr,  //  9 磷化氢: pyrophoric/flammable gas (W2) and very toxic gas (J1/J3).
    nullptr,  // 10 硫化氢: flammable gas cat 1 (W2) and toxic gas cat 2 (J3).
    "J3",     // 11 氯化氢(无水): acute tox. inhal. cat 3, gas; neither flammable nor oxidising.
    nullptr,  // 12 氯: oxidising gas cat 1 (W4) AND toxic gas cat 2/3 (J3). Both have Q 50 t and
              //    chlorine's β comes from Table 3 (β 4), so the choice changes no result, but
              //    it is still two classes: the user states which one the record shows.
    nullptr,  // 13 煤气: flammable gas (W2) and, for CO, toxic gas cat 3 (J3); composition varies.
    nullptr,  // 14 砷化氢: flammable gas (W2) and very toxic gas (J1/J3).
    nullptr,  // 15 锑化氢: flammable gas (W2) and toxic gas (J).
    nullptr,  // 16 硒化氢: flammable and very toxic gas; categories not confirmed.
    "J3",     // 17 溴甲烷: acute tox. cat 3 (inhal. and oral), supplied as a gas (bp 3.6 ℃); not
              //    classified as a flammable gas.
    nullptr,  // 18 丙酮氰醇: toxic liquid, cat 1 (J2) vs cat 2 (J5) differs between sources.
    nullptr,  // 19 丙烯醛: flammable liquid cat 2 (W5.x) and very toxic (J).
    nullptr,  // 20 氟化氢: very toxic; bp 19.5 ℃, so gas (J1/J3) or low-boiling liquid (J4/J2).
    nullptr,  // 21 1-氯-2,3-环氧丙烷: flammable liquid cat 3 (W5.x) and toxic.
    nullptr,  // 22 3-溴-1,2-环氧丙烷: flammable and toxic liquid; categories not confirmed.
    nullptr,  // 23 甲苯二异氰酸酯: acute tox. inhal. cat 2 in CLP (J5) but a minimum classification;
              //    cat 1 (J2) not excluded.
    nullptr,  // 24 一氯化硫: corrosive, toxic by inhalation; categories not confirmed.
    nullptr,  // 25 氰化氢: flammable liquid cat 1 (W5.1) and very toxic (J1/J4).
    nullptr,  // 26 三氧化硫: corrosive; no Table 2 class clearly applies.
    nullptr,  // 27 3-氨基丙烯: flammable liquid cat 2 (W5.x) and toxic.
    nullptr,  // 28 溴: acute tox. inhal. cat 2 liquid (J5) as a minimum classification; cat 1 (J2)
              //    not excluded.
    nullptr,  // 29 乙撑亚胺: flammable liquid cat 2 (W5.x) and very toxic.
    nullptr,  // 30 异氰酸甲酯: flammable liquid (W5.x) and very toxic.
    nullptr,  // 31 叠氮化钡: explosive only when dry/under-wetted (W1.x) and toxic (barium, azide).
    "W1.1",   // 32 叠氮化铅: primary explosive (UN 0129, 1.1A; unstable explosive in CLP); acute
              //    tox. cat 4 only, which Table 2 does not list.
    nullptr,  // 33 雷汞: explosive 1.1 (W1.1) and mercury compound acute tox. cat 1/2 (J2/J5).
    nullptr,  // 34 三硝基苯甲醚: explosive 1.1 (UN 0213), but its acute toxicity is not confirmed.
    "W1.1",   // 35 TNT: explosive 1.1 (UN 0209, 1.1D); acute tox. cat 3 solid: no Table 2 class.
    nullptr,  // 36 硝化甘油: explosive (W1.1) and acute tox. cat 1/2 liquid (J2/J5).
    "W1.1",   // 37 硝化纤维素(干的或含水/乙醇<25%): UN 0340, 1.1D; Q 1 t agrees with W1.1.
    "W1.1",   // 38 硝化纤维素(未改型或含增塑剂<18%): UN 0341, 1.1D.
    "W1.2",   // 39 硝化纤维素(含乙醇≥25%): UN 0342, 1.3C; Q 10 t agrees with W1.2.
    nullptr,  // 40 硝化纤维素(含氮≤12.6%): explosive or flammable solid depending on wetting.
    nullptr,  // 41 硝化纤维素(含水≥25%): flammable solid (UN 2555) or desensitised explosive.
    nullptr,  // 42 硝化纤维素溶液: flammable liquid, category set by the solvent (W5.x).
    "W1.1",   // 43 硝酸铵(含可燃物>0.2%): UN 0222, explosive 1.1D.
    "W9.2",   // 44 硝酸铵(含可燃物≤0.2%): oxidising solid cat 3 (UN 1942, 5.1 PG III).
    nullptr,  // 45 硝酸铵肥料: oxidising (UN 2067), class 9 (UN 2071) or unclassified by formulation.
    "W9.2",   // 46 硝酸钾: oxidising solid cat 3 (UN 1486, 5.1 PG III).
    "W2",     // 47 1,3-丁二烯: flammable gas cat 1; no acute tox. ≤ cat 3 (carcinogenicity is not a
              //    Table 2 class).
    "W2",     // 48 二甲醚: flammable gas cat 1.
    "W2",     // 49 甲烷,天然气: flammable gas cat 1.
    "W2",     // 50 氯乙烯: flammable gas cat 1 (carcinogen, not a Table 2 class).
    "W2",     // 51 氢: flammable gas cat 1.
    "W2",     // 52 液化石油气: flammable gas cat 1.
    nullptr,  // 53 一甲胺: flammable gas cat 1 (W2); inhalation toxicity cat 4 in CLP as a minimum
              //    classification, cat 3 (J3) not excluded.
    "W2",     // 54 乙炔: flammable gas cat 1 (also chemically unstable gas, not a Table 2 class).
    "W2",     // 55 乙烯: flammable gas cat 1.
    "W4",     // 56 氧(压缩的或液化的): oxidising gas cat 1.
    nullptr,  // 57 苯: flammable liquid cat 2 → W5.1/W5.2/W5.3 by process conditions.
    nullptr,  // 58 苯乙烯: flammable liquid cat 3 → W5.1/W5.2/W5.4.
    nullptr,  // 59 丙酮: flammable liquid cat 2 → W5.1/W5.2/W5.3.
    nullptr,  // 60 2-丙烯腈: flammable liquid cat 2 (W5.x) and toxic.
    nullptr,  // 61 二硫化碳: flammable liquid cat 2 (bp 46 ℃) → W5.1/W5.2/W5.3.
    nullptr,  // 62 环己烷: flammable liquid cat 2 → W5.x.
    nullptr,  // 63 1,2-环氧丙烷: flammable liquid cat 1 (W5.1) and toxic by inhalation, bp 34 ℃ (J4).
    nullptr,  // 64 甲苯: flammable liquid cat 2 → W5.x.
    nullptr,  // 65 甲醇: flammable liquid cat 2 → W5.x (its acute tox. cat 3 liquid boils at 65 ℃:
              //    no J class).
    nullptr,  // 66 汽油: W5.1, W5.2 or W5.3 by product and conditions (standards.md §1.5).
    nullptr,  // 67 乙醇: flammable liquid cat 2 → W5.x.
    "W5.1",   // 68 乙醚: flammable liquid cat 1 (flash point −45 ℃, bp 34.6 ℃): W5.1 covers
              //    category 1 whatever the process; acute tox. cat 4 only.
    nullptr,  // 69 乙酸乙酯: flammable liquid cat 2 → W5.x.
    nullptr,  // 70 正己烷: flammable liquid cat 2 → W5.x.
    nullptr,  // 71 过乙酸: organic peroxide type by concentration (W7.1/W7.2), also flammable.
    "W7.1",   // 72 过氧化甲基乙基酮(10%<有效氧≤10.7%, ≥48% A型稀释剂): this formulation is organic
              //    peroxide type B (UN 3101); Q 10 t agrees with W7.1.
    nullptr,  // 73 白磷: pyrophoric solid cat 1 (W8) and acute tox. cat 2 (J5).
    nullptr,  // 74 烷基铝: pyrophoric (W8) and water-reactive (W11).
    nullptr,  // 75 戊硼烷: pyrophoric liquid (W8) and very toxic.
    "W9.1",   // 76 过氧化钾: oxidising solid cat 1 (UN 1491, 5.1 PG I); corrosivity is no class.
    "W9.1",   // 77 过氧化钠: oxidising solid cat 1 (UN 1504, 5.1 PG I).
    "W9.1",   // 78 氯酸钾: oxidising solid cat 1 (CLP Ox. Sol. 1; UN PG II would read cat 2 = W9.2,
              //    same β 1, and the Table 1 Q applies anyway).
    "W9.1",   // 79 氯酸钠: oxidising solid cat 1 (CLP Ox. Sol. 1), as row 78.
    nullptr,  // 80 发烟硝酸: oxidising liquid (W9.x) and toxic by inhalation; categories vary.
    nullptr,  // 81 硝酸(>70%): oxidising liquid, cat 1 (W9.1) or 2/3 (W9.2) not confirmed.
    "W9.2",   // 82 硝酸胍: oxidising solid cat 3 (UN 1467, 5.1 PG III).
    "W11",    // 83 碳化钙: water-reactive cat 1 (acetylene; UN 1402, 4.3 PG I).
    "W11",    // 84 钾: water-reactive cat 1 (UN 2257).
    "W11",    // 85 钠: water-reactive cat 1 (UN 1428).
};
// clang-format on

std::vector<std::string> split(std::string_view s, std::initializer_list<std::string_view> seps) {
  std::vector<std::string> out;
  while (!s.empty()) {
    std::size_t cut = std::string_view::npos, len = 0;
    for (auto sep : seps) {
      const auto at = s.find(sep);
      if (at < cut) cut = at, len = sep.size();
    }
    auto piece = s.substr(0, cut);
    while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
    while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
    if (!piece.empty()) out.emplace_back(piece);
    if (cut == std::string_view::npos) break;
    s.remove_prefix(cut + len);
  }
  return out;
}

// Lookup form of a key: trimmed (ASCII whitespace, U+3000), full-width forms U+FF01–U+FF5E folded
// to ASCII (（ → (, ， → ,, ７ → 7), ASCII letters upper-cased.
std::string lookup_key(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 == 0xEF && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      const std::uint32_t cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E && (b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
        out.push_back(static_cast<char>(cp - 0xFEE0));
        i += 3;
        continue;
      }
    }
    if (b0 == 0xE3 && s.substr(i, 3) == "\xE3\x80\x80") {  // U+3000 ideographic space
      out.push_back(' ');
      i += 3;
      continue;
    }
    out.push_back(static_cast<char>(b0));
    ++i;
  }
  const auto first = out.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string::npos) return {};
  out = out.substr(first, out.find_last_not_of(" \t\r\n\f\v") - first + 1);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::vector<Table1Row> build_table1() {
  std::vector<Table1Row> rows;
  rows.reserve(std::size(kTable1));
  for (const RawRow& r : kTable1) {
    Table1Row row;
    row.seq = r.seq;
    row.name = std::string(r.name);
    row.aliases = split(r.aliases, {";", "、"});
    if (r.cas != "—") row.cas = split(r.cas, {";"});
    row.q_t = r.q_t;
    rows.push_back(std::move(row));
  }
  return rows;
}

using Index = std::unordered_multimap<std::string, int>;

Index build_index(const std::vector<Table1Row>& rows) {
  Index index;
  for (const Table1Row& r : rows) {
    index.emplace(lookup_key(r.name), r.seq);
    for (const auto& a : r.aliases) index.emplace(lookup_key(a), r.seq);
    for (const auto& c : r.cas) index.emplace(lookup_key(c), r.seq);
  }
  for (const ShortName& s : kShortNames) index.emplace(lookup_key(s.key), s.seq);
  return index;
}

const Index& table1_index() {
  static const Index index = build_index(table1());
  return index;
}

const HazardClass* find_class(std::string_view code) {
  for (const HazardClass& c : kTable2)
    if (c.code == code) return &c;
  return nullptr;
}

}  // namespace

const std::vector<Table1Row>& table1() {
  static const std::vector<Table1Row> rows = build_table1();
  return rows;
}

const Table1Row* table1_row(int seq) {
  const auto& rows = table1();
  if (seq < 1 || seq > static_cast<int>(rows.size())) return nullptr;
  return &rows[seq - 1];
}

std::vector<const Table1Row*> find_table1(std::string_view key) {
  const std::string k = lookup_key(key);
  std::vector<const Table1Row*> out;
  if (k.empty()) return out;
  const auto [begin, end] = table1_index().equal_range(k);
  for (auto it = begin; it != end; ++it) out.push_back(table1_row(it->second));
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->seq < b->seq; });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const std::vector<HazardClass>& table2() {
  static const std::vector<HazardClass> classes(std::begin(kTable2), std::end(kTable2));
  return classes;
}

bool is_hazard_class(std::string_view code) { return find_class(code) != nullptr; }

std::optional<double> table2_q(std::string_view code) {
  if (const HazardClass* c = find_class(code)) return c->q_t;
  return std::nullopt;
}

std::optional<double> table4_beta(std::string_view code) {
  if (const HazardClass* c = find_class(code)) return c->beta;
  return std::nullopt;
}

const std::vector<ToxicGas>& table3() {
  static const std::vector<ToxicGas> gases(std::begin(kTable3), std::end(kTable3));
  return gases;
}

const ToxicGas* table3_gas(const Table1Row& row) {
  for (const ToxicGas& g : kTable3)
    if (g.table1_seq != 0 && g.table1_seq == row.seq) return &g;
  return nullptr;
}

const ToxicGas* table3_gas(std::string_view name_or_cas) {
  const std::string k = lookup_key(name_or_cas);
  if (k.empty()) return nullptr;
  for (const ToxicGas& g : kTable3) {
    if (lookup_key(g.name) == k || (!g.cas.empty() && g.cas == k)) return &g;
    if (const Table1Row* row = table1_row(g.table1_seq))
      for (const auto& c : row->cas)
        if (c == k) return &g;
  }
  return nullptr;
}

std::optional<std::string> default_hazard_class(const Table1Row& row) {
  if (row.seq < 1 || row.seq > 85 || kDefaultClass[row.seq - 1] == nullptr) return std::nullopt;
  return std::string(kDefaultClass[row.seq - 1]);
}

}  // namespace lakeguard::standards
