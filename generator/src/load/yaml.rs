//! Reading YAML without stopping at integers beyond 64 bits.
//!
//! `serde_yaml::Value` cannot hold an integer such as `1e30` written out in
//! digits (`100000000000000000000000`): reading one fails, and with it the
//! whole document. [`Lenient`] reads every YAML value as `serde_yaml` does,
//! but keeps such an integer as its digits under the tag [`BIG_INTEGER`],
//! so that the conversion to JSON can read it as the nearest
//! floating-point number and warn at its place.

use std::fmt;

use serde::de::{Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};

/// The tag of an integer beyond 64 bits, kept as its digits.
pub(super) const BIG_INTEGER: &str = "openapi-codegen-big-integer";

/// A YAML value read leniently (see the module documentation).
pub(super) struct Lenient(pub(super) Value);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Lenient, D::Error> {
        deserializer.deserialize_any(LenientVisitor).map(Lenient)
    }
}

struct LenientVisitor;

fn big_integer(digits: String) -> Value {
    Value::Tagged(Box::new(TaggedValue { tag: Tag::new(BIG_INTEGER), value: Value::String(digits) }))
}

impl<'de> Visitor<'de> for LenientVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Value, E> {
        Ok(match i64::try_from(value) {
            Ok(value) => Value::Number(value.into()),
            Err(_) => big_integer(value.to_string()),
        })
    }

    fn visit_u128<E>(self, value: u128) -> Result<Value, E> {
        Ok(match u64::try_from(value) {
            Ok(value) => Value::Number(value.into()),
            Err(_) => big_integer(value.to_string()),
        })
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Lenient::deserialize(deserializer).map(|lenient| lenient.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Lenient(item)) = access.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some((Lenient(key), Lenient(value))) = access.next_entry()? {
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, access: A) -> Result<Value, A::Error> {
        // `!tag value`: serde_yaml gives tags as enum variants.
        let (tag, variant): (String, _) = access.variant()?;
        let Lenient(value) = variant.newtype_variant()?;
        Ok(Value::Tagged(Box::new(TaggedValue { tag: Tag::new(tag), value })))
    }
}

/// Reads YAML text leniently.
pub(super) fn from_str(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str::<Lenient>(text).map(|lenient| lenient.0)
}
