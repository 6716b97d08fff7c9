//! Compact JSON for the JSON Lines records: the bytes `serde_json::to_writer` writes, at a
//! lower cost. serde_json escapes a string one byte at a time, which was the largest
//! single cost of a run over a dense corpus (a tenth of its instructions: the records are
//! several times the size of the text). Here a string is tested a word (eight bytes) at a
//! time and, when it needs no escape (nearly every string does not), copied whole. A string
//! that needs one, every number and every map key is handed to serde_json itself, so the
//! output is serde_json's byte for byte.

use serde::Serialize;
use serde::ser::{self, Serializer as _};
use serde_json::Error;

/// Appends `value` to `out` as compact JSON, exactly as `serde_json::to_writer` would.
pub fn write<T: ?Sized + Serialize>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    value.serialize(Writer { out })
}

/// Whether JSON must escape a byte of `bytes`: a quote, a backslash or a control character
/// below U+0020. The bytes are tested sixteen at a time ([`block_needs_escape`]), the
/// last few in the block of the last sixteen bytes, which overlaps the blocks before it.
/// A string shorter than a block is tested eight bytes at a time as one word (the tests of
/// Sean Anderson's "Bit Twiddling Hacks", exact for whether any byte matches), in the same
/// way: no copy into a padded buffer, so that a short string, such as a field's name,
/// costs a few instructions in all.
fn needs_escape(bytes: &[u8]) -> bool {
    let (blocks, rest) = bytes.as_chunks::<16>();
    if blocks.iter().any(block_needs_escape) {
        return true;
    }
    if rest.is_empty() {
        return false;
    }
    if let Some(last) = bytes.last_chunk::<16>() {
        return block_needs_escape(last);
    }
    let (words, rest) = bytes.as_chunks::<8>();
    if words.iter().any(|word| word_needs_escape(*word)) {
        return true;
    }
    if rest.is_empty() {
        return false;
    }
    match bytes.last_chunk::<8>() {
        Some(last) => word_needs_escape(*last),
        None => word_needs_escape(short_word(bytes)),
    }
}

/// [`word_needs_escape`] for sixteen bytes: with SSE2 (every x86-64 processor has it), in
/// one register, a third of the instructions of two words.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn block_needs_escape(block: &[u8; 16]) -> bool {
    #[target_feature(enable = "sse2")]
    fn test(block: &[u8; 16]) -> bool {
        use std::arch::x86_64::{
            _mm_cmpeq_epi8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x,
            _mm_set1_epi8,
        };
        let (halves, _) = block.as_chunks::<8>();
        let x = _mm_set_epi64x(i64::from_le_bytes(halves[1]), i64::from_le_bytes(halves[0]));
        let quote = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\\' as i8));
        // A byte is a control character when it is its own minimum with 0x1F.
        let control = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1f)), x);
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control)) != 0
    }
    // SAFETY: `test` needs SSE2 only, which this build targets (the `cfg` above).
    unsafe { test(block) }
}

/// [`word_needs_escape`] for sixteen bytes, as two words.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn block_needs_escape(block: &[u8; 16]) -> bool {
    block_needs_escape_by_words(block)
}

/// Sixteen bytes tested as two words: the other processors' [`block_needs_escape`], and
/// on x86-64 the tests' oracle for it.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn block_needs_escape_by_words(block: &[u8; 16]) -> bool {
    let (words, _) = block.as_chunks::<8>();
    words.iter().any(|word| word_needs_escape(*word))
}

/// A word holding every byte of `bytes` (fewer than eight), some twice, the rest a
/// letter: the first and last four bytes, or the first, middle and last byte.
fn short_word(bytes: &[u8]) -> [u8; 8] {
    let mut word = [b'a'; 8];
    if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        word[..4].copy_from_slice(first);
        word[4..].copy_from_slice(last);
    } else if let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) {
        word[0] = first;
        word[1] = bytes[bytes.len() / 2];
        word[2] = last;
    }
    word
}

fn word_needs_escape(bytes: [u8; 8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH_BITS: u64 = ONES << 7;
    let word = u64::from_le_bytes(bytes);
    // A byte below n sets its high bit in (x - n) & !x; a byte equal to c is a zero byte
    // of x ^ c, which is below 1.
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(word ^ (ONES * u64::from(b'\\')), 1);
    (control | quote | backslash) & HIGH_BITS != 0
}

fn write_str(out: &mut Vec<u8>, text: &str) -> Result<(), Error> {
    if needs_escape(text.as_bytes()) {
        return delegate(out, text);
    }
    out.reserve(text.len() + 2);
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
    Ok(())
}

/// Writes a map key by serde_json's rules (a string as it is; a number or a boolean
/// quoted; anything else an error): serde_json opens a one-entry object and writes the
/// key, and the object's opening brace is dropped.
fn write_map_key<T: ?Sized + Serialize>(out: &mut Vec<u8>, key: &T) -> Result<(), Error> {
    use serde::ser::SerializeMap;
    let brace = out.len();
    {
        let mut serializer = serde_json::Serializer::new(&mut *out);
        let mut object = (&mut serializer).serialize_map(None)?;
        object.serialize_key(key)?;
    }
    out.remove(brace);
    Ok(())
}

/// Hands a value to serde_json, for the cases this writer has no faster way to write.
fn delegate<T: ?Sized + Serialize>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    serde_json::to_writer(out, value)
}

/// A byte string, written as serde_json writes one (an array of numbers).
struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

impl<'a> Writer<'a> {
    /// Opens `{"variant":` and the compound value after it, which `close` ends.
    fn variant(self, variant: &str, open: u8, close: &'static [u8]) -> Result<Compound<'a>, Error> {
        self.out.push(b'{');
        write_str(self.out, variant)?;
        self.out.push(b':');
        self.out.push(open);
        Ok(Compound::new(self.out, close))
    }
}

/// An array or an object being written: its items so far and the bytes that close it.
struct Compound<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    close: &'static [u8],
}

impl<'a> Compound<'a> {
    fn new(out: &'a mut Vec<u8>, close: &'static [u8]) -> Self {
        Compound {
            out,
            first: true,
            close,
        }
    }

    /// The comma before every item but the first.
    fn next_item(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.out.push(b',');
        }
    }

    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.next_item();
        value.serialize(Writer { out: self.out })
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.next_item();
        if needs_escape(key.as_bytes()) {
            delegate(self.out, key)?;
            self.out.push(b':');
        } else {
            // `"key":` in one reservation.
            self.out.reserve(key.len() + 3);
            self.out.push(b'"');
            self.out.extend_from_slice(key.as_bytes());
            self.out.extend_from_slice(b"\":");
        }
        value.serialize(Writer { out: self.out })
    }

    fn end(self) -> Result<(), Error> {
        self.out.extend_from_slice(self.close);
        Ok(())
    }
}

/// Serializer methods that hand a number to serde_json, which writes integers with itoa
/// and floats as it alone decides (a non-finite one as `null`).
macro_rules! numbers_by_serde_json {
    ($($method:ident: $type:ty),* $(,)?) => {$(
        fn $method(self, value: $type) -> Result<(), Error> {
            delegate(self.out, &value)
        }
    )*};
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, value: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
        Ok(())
    }

    numbers_by_serde_json! {
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_u128: u128,
        serialize_f32: f32,
        serialize_f64: f64,
    }

    fn serialize_char(self, value: char) -> Result<(), Error> {
        write_str(self.out, value.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, value: &str) -> Result<(), Error> {
        write_str(self.out, value)
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<(), Error> {
        delegate(self.out, &Bytes(value))
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        write_str(self.out, variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.out.push(b'{');
        write_str(self.out, variant)?;
        self.out.push(b':');
        value.serialize(Writer {
            out: &mut *self.out,
        })?;
        self.out.push(b'}');
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        self.out.push(b'[');
        Ok(Compound::new(self.out, b"]"))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.variant(variant, b'[', b"]}")
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        self.out.push(b'{');
        Ok(Compound::new(self.out, b"}"))
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.variant(variant, b'{', b"}}")
    }
}

/// The impls of serde's compound traits whose items are values: each writes an element.
macro_rules! elements {
    ($($trait:ident :: $method:ident),* $(,)?) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }

            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

/// The impls of serde's compound traits whose items are named fields.
macro_rules! fields {
    ($($trait:ident),* $(,)?) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key, value)
            }

            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.next_item();
        write_map_key(self.out, key)
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.out.push(b':');
        value.serialize(Writer { out: self.out })
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    fn same_as_serde_json<T: ?Sized + Serialize>(value: &T) -> String {
        let mut ours = Vec::new();
        write(&mut ours, value).expect("writes");
        let theirs = serde_json::to_vec(value).expect("serde_json writes");
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
        String::from_utf8(ours).expect("UTF-8")
    }

    /// Every byte JSON escapes, at every place in strings of every length up to three
    /// words, is found, and no other byte is taken for one.
    #[test]
    fn escapes_are_found_wherever_they_stand() {
        let naive = |bytes: &[u8]| bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
        let fillers = [b'a', b' ', b'!', b'#', b'[', b']', 0x7f, 0x80, 0xe4, 0xff];
        let specials = [0x00, 0x01, b'\n', b'\t', 0x1f, b'"', b'\\'];
        for len in 0..=40 {
            for &filler in &fillers {
                let clean = vec![filler; len];
                assert!(!needs_escape(&clean), "{clean:?}");
                if let Ok(block) = <[u8; 16]>::try_from(&clean[..]) {
                    assert!(!block_needs_escape(&block), "{clean:?}");
                    assert!(!block_needs_escape_by_words(&block), "{clean:?}");
                }
                for at in 0..len {
                    for &special in &specials {
                        let mut bytes = clean.clone();
                        bytes[at] = special;
                        assert_eq!(needs_escape(&bytes), naive(&bytes), "{bytes:?}");
                        assert!(needs_escape(&bytes), "{bytes:?}");
                        if let Ok(block) = <[u8; 16]>::try_from(&bytes[..]) {
                            assert!(block_needs_escape(&block), "{bytes:?}");
                            assert!(block_needs_escape_by_words(&block), "{bytes:?}");
                        }
                    }
                }
            }
        }
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, &'static str),
        Struct {
            side: f64,
            name: Option<&'static str>,
        },
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize)]
    struct Newtype(&'static str);

    #[derive(Serialize)]
    struct Pair(bool, char);

    #[derive(Serialize)]
    struct Everything {
        text: &'static str,
        quoted: &'static str,
        controls: String,
        unicode: &'static str,
        empty: &'static str,
        small: (i8, i16, i32, i64, i128),
        large: (u8, u16, u32, u64, u128),
        floats: (f32, f64, f32, f64, f64),
        none: Option<u8>,
        some: Option<&'static str>,
        unit: (),
        unit_struct: Unit,
        newtype: Newtype,
        pair: Pair,
        shapes: Vec<Shape>,
        no_shapes: Vec<Shape>,
        numbered: BTreeMap<u32, &'static str>,
        flags: BTreeMap<bool, u8>,
        named: BTreeMap<&'static str, Vec<u8>>,
        empty_map: BTreeMap<String, u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        #[serde(with = "raw_bytes")]
        bytes: Vec<u8>,
        /// A field whose name JSON escapes.
        #[serde(rename = "quoted \"name\"\n")]
        renamed: u8,
    }

    mod raw_bytes {
        pub fn serialize<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(bytes)
        }
    }

    /// Every shape of the serde data model is written as serde_json writes it.
    #[test]
    fn every_value_is_written_as_serde_json_writes_it() {
        let value = Everything {
            text: "Tanaka L, Lindgren SK. Conditioned medium in pigs. Heart Res. 2009;2:144-152.",
            quoted: "He said \"yes\" \\ no, then /",
            controls: (0u8..0x20).map(char::from).chain(['\u{7f}', 'é']).collect(),
            unicode: "一项随机对照试验 — “randomised” ‘trial’ \u{2028}",
            empty: "",
            small: (-8, -1600, i32::MIN, i64::MIN, i128::MIN),
            large: (255, 65535, u32::MAX, u64::MAX, u128::MAX),
            floats: (0.9, 0.1, f32::NAN, f64::INFINITY, -0.0),
            none: None,
            some: Some("x\ny"),
            unit: (),
            unit_struct: Unit,
            newtype: Newtype("new\ttype"),
            pair: Pair(true, '"'),
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(-3, "t\\"),
                Shape::Struct {
                    side: 1.5e300,
                    name: Some("s"),
                },
                Shape::Struct {
                    side: 2.0,
                    name: None,
                },
            ],
            no_shapes: Vec::new(),
            numbered: BTreeMap::from([(1, "one"), (27, "twenty-\"seven\"")]),
            flags: BTreeMap::from([(false, 0), (true, 1)]),
            named: BTreeMap::from([("a\"b", vec![1, 2]), ("c", Vec::new())]),
            empty_map: BTreeMap::new(),
            skipped: None,
            bytes: vec![0, 34, 255],
            renamed: 3,
        };
        let written = same_as_serde_json(&value);
        assert!(written.contains(r#""numbered":{"1":"one","27":"twenty-\"seven\""}"#));
        same_as_serde_json(&Shape::Tuple(0, ""));
        same_as_serde_json(&[Some(1.0f32), None]);
        same_as_serde_json("plain");
        same_as_serde_json(&serde_json::json!({"id": [1, "two", null, {"three": 3.5}]}));
    }

    /// A map key serde_json refuses (one that is not a string, a number or a boolean) is an
    /// error here too, not a panic or a malformed line.
    #[test]
    fn keys_serde_json_refuses_are_errors() {
        let map = BTreeMap::from([(vec![1u8], 2u8)]);
        assert!(serde_json::to_vec(&map).is_err());
        assert!(write(&mut Vec::new(), &map).is_err());
    }
}
