//! How common Chinese family names are written in Latin letters: Hanyu Pinyin and the
//! older or regional spellings that authors publish under (Wade–Giles, Cantonese, Hokkien
//! and Teochew): 王 is Wang or Wong, 陈 Chen, Chan or Tan, 欧阳 Ouyang or Au-Yeung. It lets
//! "Wang et al." in an English sentence name a reference by 王伟, and "Zhang et al." not.
//! A family name missing from the table cannot be judged either way.

/// Family names, compound ones first, with their Latin spellings in lower case without
/// spaces or hyphens.
const SURNAMES: &[(&str, &[&str])] = &[
    ("欧阳", &["ouyang", "auyeung", "auyoung"]),
    ("司马", &["sima", "szema"]),
    ("司徒", &["situ", "szeto", "seto", "sitou"]),
    ("上官", &["shangguan", "sheungkoon"]),
    ("诸葛", &["zhuge", "chuko"]),
    ("令狐", &["linghu"]),
    ("皇甫", &["huangfu", "wongpo"]),
    ("东方", &["dongfang", "tungfang"]),
    ("夏侯", &["xiahou", "hahau"]),
    ("慕容", &["murong", "mooyung"]),
    ("王", &["wang", "wong", "ong", "heng"]),
    ("李", &["li", "lee", "lei", "lie", "ly"]),
    (
        "张",
        &["zhang", "chang", "cheung", "cheong", "teo", "chong"],
    ),
    ("刘", &["liu", "lau", "lao", "liew", "low", "lew"]),
    ("陈", &["chen", "chan", "chin", "tan", "ting", "chun"]),
    ("杨", &["yang", "yeung", "yong", "yeo", "ieong"]),
    (
        "黄",
        &["huang", "wong", "hwang", "ng", "oei", "ooi", "wee", "bong"],
    ),
    ("赵", &["zhao", "chao", "chiu", "chew", "teo"]),
    ("吴", &["wu", "ng", "woo", "goh", "ngo", "eng"]),
    ("周", &["zhou", "chou", "chow", "chau", "chiu", "chew"]),
    ("徐", &["xu", "hsu", "tsui", "chui", "chee", "tsi"]),
    ("孙", &["sun", "suen", "soon", "sng"]),
    ("马", &["ma", "mah", "mar", "beh"]),
    ("朱", &["zhu", "chu", "chue", "choo", "chee"]),
    ("胡", &["hu", "wu", "woo", "hoo", "foo", "oh", "ow"]),
    ("郭", &["guo", "kuo", "kwok", "quek", "kok", "koay"]),
    ("何", &["he", "ho", "hoh", "hor"]),
    ("高", &["gao", "kao", "ko", "koh", "kou", "go"]),
    ("林", &["lin", "lam", "lim", "lum"]),
    ("罗", &["luo", "lo", "law", "loh", "lor", "lu"]),
    (
        "郑",
        &["zheng", "cheng", "cheang", "chang", "tay", "teh", "tee"],
    ),
    ("梁", &["liang", "leung", "leong", "neo", "nio"]),
    (
        "谢",
        &["xie", "hsieh", "tse", "chia", "cheah", "sia", "seah", "tse"],
    ),
    ("宋", &["song", "sung", "soong"]),
    ("唐", &["tang", "tong", "teng"]),
    ("许", &["xu", "hsu", "hui", "koh", "khoo", "hsue"]),
    ("韩", &["han", "hon"]),
    ("冯", &["feng", "fung", "fong", "pang"]),
    ("邓", &["deng", "teng", "tang", "dang"]),
    ("曹", &["cao", "tsao", "cho", "tso", "chou"]),
    ("彭", &["peng", "pang", "phang", "phang"]),
    ("曾", &["zeng", "tseng", "tsang", "chan", "tsen", "chang"]),
    ("肖", &["xiao", "hsiao", "siu", "seow", "shaw"]),
    ("萧", &["xiao", "hsiao", "siu", "seow", "shaw"]),
    ("田", &["tian", "tien", "tin"]),
    ("董", &["dong", "tung", "tang"]),
    ("袁", &["yuan", "yuen", "yen", "woon"]),
    ("潘", &["pan", "poon", "phua", "pun"]),
    ("于", &["yu", "yue", "yee"]),
    ("蒋", &["jiang", "chiang", "cheung", "tsiang"]),
    (
        "蔡",
        &["cai", "tsai", "choi", "choy", "chua", "tsoi", "chai"],
    ),
    ("余", &["yu", "yue", "yee", "ee", "yi"]),
    ("杜", &["du", "tu", "to", "doo"]),
    ("叶", &["ye", "yip", "yeh", "yap", "ip", "yeap"]),
    ("程", &["cheng", "ching"]),
    ("苏", &["su", "so", "soo", "sou"]),
    ("魏", &["wei", "ngai", "wee", "gwee"]),
    ("吕", &["lv", "lyu", "lu", "lui", "lue", "leu"]),
    ("丁", &["ding", "ting", "teng"]),
    ("任", &["ren", "jen", "yam", "yum"]),
    ("沈", &["shen", "shum", "sim", "sum"]),
    ("姚", &["yao", "yiu", "yew", "iu"]),
    ("卢", &["lu", "lo", "lou", "loo"]),
    ("姜", &["jiang", "chiang", "keung", "kang"]),
    ("崔", &["cui", "tsui", "choi", "chui"]),
    ("钟", &["zhong", "chung", "chong", "cheong"]),
    ("谭", &["tan", "tam", "tham", "hum"]),
    ("陆", &["lu", "luk", "look", "loke"]),
    ("汪", &["wang", "wong", "ong"]),
    ("范", &["fan", "faan", "huan"]),
    ("金", &["jin", "chin", "kam", "kim", "kum"]),
    ("石", &["shi", "shih", "shek", "sek"]),
    ("廖", &["liao", "liu", "liew", "leow", "liau"]),
    ("贾", &["jia", "chia", "ka", "kar"]),
    ("夏", &["xia", "hsia", "ha", "hah"]),
    ("韦", &["wei", "wai", "wee"]),
    ("付", &["fu", "foo", "poh"]),
    ("傅", &["fu", "foo", "poh", "pou"]),
    ("方", &["fang", "fong", "png", "hong"]),
    ("白", &["bai", "pai", "pak", "peh"]),
    ("邹", &["zou", "tsou", "chau", "chow", "chou"]),
    ("孟", &["meng", "mang"]),
    ("熊", &["xiong", "hsiung", "hung", "heung"]),
    ("秦", &["qin", "chin", "chun", "tsin"]),
    ("邱", &["qiu", "chiu", "yau", "khoo", "khaw", "hiew"]),
    ("江", &["jiang", "chiang", "kong", "kang"]),
    ("尹", &["yin", "wan", "yoon", "wun"]),
    ("薛", &["xue", "hsueh", "sit", "sih"]),
    ("闫", &["yan", "yim", "yen"]),
    ("阎", &["yan", "yim", "yen"]),
    ("段", &["duan", "tuan", "tuen", "tuen"]),
    ("雷", &["lei", "lui", "louie", "loi"]),
    ("侯", &["hou", "hau", "how"]),
    ("龙", &["long", "lung", "loong"]),
    ("史", &["shi", "shih", "sze", "see"]),
    ("陶", &["tao", "to", "tou", "taw"]),
    ("黎", &["li", "lai", "lee", "lay"]),
    ("贺", &["he", "ho", "hor"]),
    ("顾", &["gu", "ku", "koo", "kou"]),
    ("毛", &["mao", "mo", "mou"]),
    ("郝", &["hao", "hok"]),
    ("龚", &["gong", "kung", "kong"]),
    ("邵", &["shao", "siu", "shiu"]),
    ("万", &["wan", "man", "mann"]),
    ("钱", &["qian", "chien", "chin", "tsin"]),
    ("严", &["yan", "yim", "yen", "giam"]),
    ("覃", &["qin", "tam", "tan"]),
    ("武", &["wu", "mo", "woo", "moo"]),
    ("戴", &["dai", "tai", "tay", "tye"]),
    ("莫", &["mo", "mok", "mo"]),
    ("孔", &["kong", "hung", "khong"]),
    ("向", &["xiang", "hsiang", "heung"]),
    ("汤", &["tang", "tong", "thong", "tng"]),
    ("常", &["chang", "sheung"]),
    ("温", &["wen", "wan", "woon", "voon", "oon", "boon"]),
    ("康", &["kang", "hong", "khong"]),
    ("施", &["shi", "sze", "si", "see"]),
    ("文", &["wen", "man", "boon", "mun"]),
    ("牛", &["niu", "ngau"]),
    ("樊", &["fan", "faan"]),
    ("葛", &["ge", "ko", "kot", "koh"]),
    ("邢", &["xing", "hsing", "ying"]),
    ("安", &["an", "on"]),
    ("齐", &["qi", "chi", "chai", "tsai"]),
    ("易", &["yi", "yik"]),
    ("乔", &["qiao", "chiao", "kiu"]),
    ("伍", &["wu", "ng", "woo"]),
    ("庞", &["pang", "pong"]),
    ("颜", &["yan", "yen", "ngan", "gan"]),
    ("倪", &["ni", "ngai", "gei"]),
    ("庄", &["zhuang", "chuang", "chong", "chng"]),
    ("聂", &["nie", "nip", "nieh"]),
    ("章", &["zhang", "chang", "cheung"]),
    ("鲁", &["lu", "lo", "lou"]),
    ("岳", &["yue", "yueh", "ngok"]),
    ("翟", &["zhai", "chai", "jak"]),
    ("殷", &["yin", "yan"]),
    ("詹", &["zhan", "chan", "chim", "jim"]),
    ("申", &["shen", "shin", "san"]),
    ("耿", &["geng", "keng", "kang"]),
    ("关", &["guan", "kwan", "kuan", "quan"]),
    ("兰", &["lan", "lam"]),
    ("焦", &["jiao", "chiao", "chiu"]),
    ("俞", &["yu", "yue", "yee"]),
    ("左", &["zuo", "tso", "cho"]),
    ("柳", &["liu", "lau", "lao"]),
    ("甘", &["gan", "kam", "kum"]),
    ("祝", &["zhu", "chu", "chuk"]),
    ("包", &["bao", "pao", "pau"]),
    ("宁", &["ning", "ling"]),
    ("尚", &["shang", "sheung"]),
    ("符", &["fu", "foo", "phu"]),
    ("舒", &["shu", "shue"]),
    ("阮", &["ruan", "yuen", "nguyen", "juan"]),
    ("柯", &["ke", "ko", "kor", "kwa", "kua"]),
    ("纪", &["ji", "chi", "kei", "kee"]),
    ("梅", &["mei", "mui", "moy", "mooi"]),
    ("童", &["tong", "tung"]),
    ("凌", &["ling"]),
    ("毕", &["bi", "pi", "pat", "pit"]),
    ("单", &["shan", "sin", "shen"]),
    ("季", &["ji", "chi", "kwai", "kuai"]),
    ("裴", &["pei", "pui", "poey"]),
    ("霍", &["huo", "fok", "hou"]),
    ("涂", &["tu", "tou", "to"]),
    ("成", &["cheng", "shing", "seng"]),
    ("苗", &["miao", "miu"]),
    ("谷", &["gu", "ku", "kuk"]),
    ("盛", &["sheng", "shing"]),
    ("曲", &["qu", "chu", "kuk"]),
    ("翁", &["weng", "yung", "ong", "wung"]),
    ("冉", &["ran", "yim", "jan"]),
    ("骆", &["luo", "lok", "lo"]),
    ("蓝", &["lan", "lam", "na"]),
    ("路", &["lu", "lo", "lou"]),
    ("游", &["you", "yu", "yau", "iu", "yew"]),
    ("辛", &["xin", "hsin", "san"]),
    ("靳", &["jin", "chin", "kan"]),
    ("管", &["guan", "kwan", "koon"]),
    ("柴", &["chai", "tsai"]),
    ("蒙", &["meng", "mung", "mong"]),
    ("鲍", &["bao", "pao", "pau"]),
    ("华", &["hua", "wah", "wa"]),
    ("喻", &["yu", "yue"]),
    ("祁", &["qi", "chi", "kei"]),
    ("蒲", &["pu", "po", "pou"]),
    ("房", &["fang", "fong"]),
    ("滕", &["teng", "tang", "tsang"]),
    ("屈", &["qu", "chu", "wat"]),
    ("饶", &["rao", "jao", "yiu"]),
    ("解", &["xie", "hsieh", "kai"]),
    ("牟", &["mou", "mau", "mow"]),
    ("艾", &["ai", "ngai"]),
    ("尤", &["you", "yau", "yu"]),
    ("阳", &["yang", "yeung"]),
    ("时", &["shi", "shih", "sze"]),
    ("穆", &["mu", "muk"]),
    ("农", &["nong", "nung"]),
    ("项", &["xiang", "hsiang", "hong"]),
    ("卫", &["wei", "wai"]),
    ("蔺", &["lin"]),
    ("车", &["che", "chea"]),
    ("洪", &["hong", "hung", "ang"]),
    ("查", &["zha", "cha", "char"]),
];

/// The Latin spellings of the family name that opens the Han name `name` ("王伟" → Wang,
/// Wong …), or `None` when the name does not open with a family name the table holds.
pub fn latin_spellings(name: &str) -> Option<&'static [&'static str]> {
    SURNAMES
        .iter()
        .find(|(han, _)| name.starts_with(han))
        .map(|(_, spellings)| *spellings)
}

/// Whether the Latin family name `latin` ("Wang", "Au-Yeung") is a spelling of the family
/// name opening the Han name `han_name`: `Some(true)` or `Some(false)`, or `None` when the
/// table does not know the Han name's family name.
pub fn spells(latin: &str, han_name: &str) -> Option<bool> {
    let folded = fold(latin);
    latin_spellings(han_name).map(|spellings| spellings.contains(&folded.as_str()))
}

/// Whether the Han name `cited`, as a sentence writes it before 等人 (with words before it
/// that the name pattern took in: "研究显示张三"), names an author written in Latin letters
/// (`latin_author`: "Wang W", "Wei Wang", "Au-Yeung K").
///
/// `Some(true)` when a word of the Latin name spells a family name the Han name may open
/// with (its last one to four characters); `Some(false)` when none does but the Latin
/// name is a Chinese spelling ("张强等人" for "Wang L"); `None` when it cannot be judged:
/// no family name in the table ends the Han name, or the Latin name spells no Chinese family
/// name (史密斯 is how a Chinese text writes Smith).
pub fn han_name_spelled(cited: &str, latin_author: &str) -> Option<bool> {
    let name = cited.trim().trim_end_matches(['等', '人']);
    let families: Vec<&[&str]> = name
        .char_indices()
        .rev()
        .take(4)
        .filter_map(|(at, _)| latin_spellings(&name[at..]))
        .collect();
    if families.is_empty() {
        return None;
    }
    let mut words: Vec<String> = latin_author
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .map(fold)
        .filter(|word| !word.is_empty())
        .collect();
    words.push(fold(latin_author));
    if words
        .iter()
        .any(|word| families.iter().any(|f| f.contains(&word.as_str())))
    {
        return Some(true);
    }
    let chinese = words
        .iter()
        .any(|word| SURNAMES.iter().any(|(_, f)| f.contains(&word.as_str())));
    chinese.then_some(false)
}

/// A Latin name as the table writes it: letters only, lower case, ü as u.
fn fold(latin: &str) -> String {
    latin
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ü' => 'u',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_latin_name_spells_a_han_family_name_in_any_common_romanisation() {
        assert_eq!(spells("Wang", "王伟"), Some(true));
        assert_eq!(spells("Wong", "王伟"), Some(true));
        assert_eq!(spells("Zhang", "王伟"), Some(false));
        assert_eq!(spells("Au-Yeung", "欧阳明"), Some(true));
        assert_eq!(spells("Ouyang", "欧阳明"), Some(true));
        assert_eq!(spells("Lyu", "吕强"), Some(true));
        assert_eq!(spells("Lü", "吕强"), Some(true));
        assert_eq!(spells("Chan", "陈静"), Some(true));
        assert_eq!(spells("Smith", "𠀀某"), None);
    }

    #[test]
    fn a_han_name_is_judged_against_a_latin_author_only_when_both_are_chinese_names() {
        assert_eq!(han_name_spelled("张强", "Zhang Q"), Some(true));
        assert_eq!(han_name_spelled("李明等人", "Lee M"), Some(true));
        assert_eq!(han_name_spelled("研究显示张三", "Zhang S"), Some(true));
        assert_eq!(han_name_spelled("欧阳明", "Au-Yeung M"), Some(true));
        // Given name first, as some lists write it.
        assert_eq!(han_name_spelled("王伟", "Wei Wang"), Some(true));
        assert_eq!(han_name_spelled("王伟", "Zhang W"), Some(false));
        assert_eq!(han_name_spelled("张强", "Wang L"), Some(false));
        // A transliterated Western name, and a family name the table lacks.
        assert_eq!(han_name_spelled("史密斯", "Smith J"), None);
        assert_eq!(han_name_spelled("𠀀某", "Wang W"), None);
    }

    #[test]
    fn the_table_holds_each_family_name_once_in_lower_case() {
        let mut seen = std::collections::HashSet::new();
        for (han, spellings) in SURNAMES {
            assert!(seen.insert(*han), "{han} twice");
            assert!(!spellings.is_empty(), "{han}");
            for spelling in *spellings {
                assert!(
                    spelling.chars().all(|c| c.is_ascii_lowercase()),
                    "{han}: {spelling}"
                );
            }
        }
        // Compound family names come before the single characters they open with.
        let first_single = SURNAMES
            .iter()
            .position(|(han, _)| han.chars().count() == 1);
        assert!(
            SURNAMES[first_single.unwrap()..]
                .iter()
                .all(|(han, _)| han.chars().count() == 1)
        );
    }
}
