//! Sample values: for each schema, a small JSON value the schema accepts.
//!
//! The conformance driver (see `emit::conformance`) calls every operation
//! once with a minimal valid request: required parameters and required body
//! properties, with values from the spec's `example`, `enum` or `default`
//! where it gives them, else made up from the type, format and constraints.
//! Samples are plain data in the IR ([`crate::ir::Sample`]), so the driver's
//! emission is a straight translation.
//!
//! The mock server checks requests against the spec with a JSON Schema
//! validator: an object's `allOf` parts are merged before a sample is made
//! of them, and of the variants of a `oneOf` the sample takes one whose
//! sample the others reject.

use std::cell::Cell;

use serde_json::{Map, Value};

/// How deep a sample follows `$ref`s and nested schemas; past it, a
/// property is left out (recursive schemas would never end).
const MAX_DEPTH: usize = 12;

/// How many values one sample may make: past it, a `oneOf` takes its first
/// variant that gives a sample without looking further for one the others
/// reject (the search multiplies with the nesting of unions).
const BUDGET: usize = 20_000;

/// The most members a sample has for a `minProperties`.
const MOST_PROPERTIES: u64 = 64;

/// The keywords that combine schemas.
const COMBINATORS: [&str; 3] = ["allOf", "oneOf", "anyOf"];

/// The keywords that constrain a value that is not an object. A part of
/// `allOf` with none of them, no type and no properties only describes
/// (`description`, `nullable: false`).
const CONSTRAINTS: [&str; 15] = [
    "items",
    "enum",
    "const",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
];

/// A value `schema` accepts; `document` resolves its local `$ref`s.
/// `None` when no value can be made (a schema too deep, a `$ref` that
/// points nowhere).
pub(crate) fn sample(schema: &Value, document: &Value) -> Option<Value> {
    Sampler::new(document, false).value(schema, 0)
}

/// Like [`sample`], for a parameter: its value travels as text, so of the
/// variants of a `oneOf` a string is preferred (`1` would match both
/// `integer` and `string` once in a path, a word only `string`).
pub(crate) fn parameter_sample(schema: &Value, document: &Value) -> Option<Value> {
    Sampler::new(document, true).value(schema, 0)
}

/// The first example a parameter or media type gives that its schema
/// accepts: the `value` of one of its `examples`, in order, else its
/// `example`. An example is sent in a request, so the properties the schema
/// marks read-only are left out of it first. `None` when no example fits
/// (examples in specs are sometimes wrong, such as JSON text in a string
/// where an object is expected): a sample is made up instead.
pub(crate) fn given_example(object: &Value, document: &Value) -> Option<Value> {
    let sampler = Sampler::new(document, false);
    let schema = object.get("schema").unwrap_or(&Value::Bool(true));
    let examples = object.get("examples").and_then(Value::as_object).into_iter().flat_map(|examples| examples.values());
    let values = examples.filter_map(|example| {
        let example = match example.get("$ref").and_then(Value::as_str) {
            Some(reference) => document.pointer(reference.strip_prefix('#')?)?,
            None => example,
        };
        example.get("value")
    });
    values.chain(object.get("example")).find_map(|example| sampler.request_value(example, schema))
}

struct Sampler<'d> {
    document: &'d Value,
    /// Whether the value is a parameter's, sent as text.
    text: bool,
    /// How many values the sample has made so far (see [`BUDGET`]).
    spent: Cell<usize>,
}

/// An object schema with the parts it merges in (those of its `allOf`,
/// through `$ref`s), gathered as lowering gathers the fields of a struct.
#[derive(Clone, Default)]
struct Merged<'v> {
    /// Each property with its schemas, in the order of the parts that
    /// declare it: the last is the property's (a later part refines a
    /// property an earlier one declared), and all of them must accept its
    /// value.
    properties: Vec<(&'v str, Vec<&'v Value>)>,
    /// The names any part requires.
    required: Vec<&'v str>,
    /// The first `additionalProperties` a part gives.
    additional: Option<&'v Value>,
    /// The largest `minProperties` of the parts.
    min_properties: u64,
    /// How many parts are objects: of type `object`, or with properties or
    /// required names.
    objects: usize,
    /// The parts of another type (a string with an `enum`, say). Parts that
    /// only describe (see [`CONSTRAINTS`]) are in neither.
    others: Vec<&'v Value>,
    /// The `oneOf` and `anyOf` lists of the parts.
    unions: Vec<Union<'v>>,
    /// The tags of the chosen variants of unions: members the sample has
    /// even when they are not required.
    tags: Vec<(String, Value)>,
}

impl<'v> Merged<'v> {
    /// The schemas of the property `name`, none when no part declares it.
    fn schemas(&self, name: &str) -> &[&'v Value] {
        self.properties.iter().find(|(declared, _)| *declared == name).map_or(&[], |(_, schemas)| schemas.as_slice())
    }

    fn declare(&mut self, name: &'v str, schema: &'v Value) {
        match self.properties.iter_mut().find(|(declared, _)| *declared == name) {
            Some((_, schemas)) => schemas.push(schema),
            None => self.properties.push((name, vec![schema])),
        }
    }

    fn require(&mut self, name: &'v str) {
        if !self.required.contains(&name) {
            self.required.push(name);
        }
    }

    /// Adds the parts of `other` after those of `self`.
    fn absorb(&mut self, other: Merged<'v>) {
        for (name, schemas) in other.properties {
            for schema in schemas {
                self.declare(name, schema);
            }
        }
        for name in other.required {
            self.require(name);
        }
        self.additional = self.additional.or(other.additional);
        self.min_properties = self.min_properties.max(other.min_properties);
        self.objects += other.objects;
        self.others.extend(other.others);
        self.unions.extend(other.unions);
        self.tags.extend(other.tags);
    }
}

/// The variants of a `oneOf` or an `anyOf`.
#[derive(Clone, Copy)]
struct Union<'v> {
    /// The schema that lists them, which may name a discriminator.
    owner: &'v Map<String, Value>,
    variants: &'v [Value],
    /// Whether exactly one variant may match (`oneOf`).
    exclusive: bool,
}

/// What the chosen variant of a union makes of a sample.
enum Choice<'v> {
    /// An object: the parts so far with the variant's merged in.
    Object(Merged<'v>),
    /// The value of a variant that is no object, of a union with no object
    /// beside it.
    Value(Value),
    /// Nothing: no variant is an object, beside object parts (lowering
    /// leaves such variants out of the struct).
    Neither,
}

impl<'d> Sampler<'d> {
    fn new(document: &'d Value, text: bool) -> Self {
        Sampler { document, text, spent: Cell::new(0) }
    }
}

impl Sampler<'_> {
    fn resolve<'v>(&'v self, schema: &'v Value) -> Option<&'v Value> {
        let mut schema = schema;
        // References to references, within reason.
        for _ in 0..MAX_DEPTH {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(reference) => schema = self.document.pointer(reference.strip_prefix('#')?)?,
                None => return Some(schema),
            }
        }
        None
    }

    fn value(&self, schema: &Value, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.spent.set(self.spent.get().saturating_add(1));
        let schema = self.resolve(schema)?;
        let Some(object) = schema.as_object() else {
            // `true`, or a schema that is not an object: anything goes.
            return Some(Value::String("string".to_owned()));
        };
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            if let Some(first) = values.iter().find(|value| !value.is_null()) {
                return Some(first.clone());
            }
        }
        for keyword in ["example", "default"] {
            if let Some(value) = object.get(keyword).filter(|value| !value.is_null()) {
                if let Some(value) = self.request_value(value, schema) {
                    return Some(value);
                }
            }
        }
        let kinds = type_names(object);
        let kind = match kinds.as_slice() {
            // 3.1 lists several types: the first that is not `null`.
            [_, ..] => kinds.iter().copied().find(|kind| *kind != "null").unwrap_or("null"),
            [] if is_object_schema(object) => "object",
            [] if object.contains_key("items") => "array",
            [] => "",
        };
        if kind == "object" || COMBINATORS.into_iter().any(|keyword| object.contains_key(keyword)) {
            return self.composite(schema, depth);
        }
        match kind {
            "array" => {
                // One item at least: an empty array is no parameter at all in
                // a query, and says little of a body.
                let max = object.get("maxItems").and_then(Value::as_u64).unwrap_or(3);
                let count = object.get("minItems").and_then(Value::as_u64).unwrap_or(1).max(1).min(max).min(3);
                let items = object.get("items").cloned().unwrap_or(Value::Bool(true));
                let mut values = Vec::new();
                for _ in 0..count {
                    values.push(self.value(&items, depth + 1)?);
                }
                Some(Value::Array(values))
            }
            "string" => Some(Value::String(string_sample(object))),
            "integer" => Some(number_sample(object, true)),
            "number" => Some(number_sample(object, false)),
            "boolean" => Some(Value::Bool(true)),
            "null" => Some(Value::Null),
            _ => Some(Value::String("string".to_owned())),
        }
    }

    /// A value of a schema that is an object, or merges parts (`allOf`), or
    /// has variants (`oneOf`, `anyOf`): its object parts merged into one
    /// object, with the parts of a chosen variant of each union merged in
    /// too. When no part is an object, a value of its other parts or of a
    /// variant.
    fn composite(&self, schema: &Value, depth: usize) -> Option<Value> {
        let mut merged = self.merged(schema)?;
        // The unions of a chosen variant join the list as it is walked.
        let mut next = 0;
        while let Some(union) = merged.unions.get(next).copied() {
            next += 1;
            if next > MAX_DEPTH {
                break;
            }
            match self.choose(&merged, union, depth)? {
                Choice::Object(chosen) => merged = chosen,
                Choice::Value(value) => return Some(value),
                Choice::Neither => {}
            }
        }
        if merged.objects > 0 {
            return self.object(&merged, depth);
        }
        match merged.others.as_slice() {
            // Only parts that describe: lowering makes an empty struct of them.
            [] => Some(Value::Object(Map::new())),
            others => self.non_object(others, depth),
        }
    }

    /// `schema` with the parts of its `allOf` merged in.
    fn merged<'v>(&'v self, schema: &'v Value) -> Option<Merged<'v>> {
        let mut merged = Merged::default();
        self.merge(schema, &mut merged, 0)?;
        Some(merged)
    }

    /// Adds `schema` and then the parts of its `allOf`, depth first, to
    /// `merged`. `None` when a `$ref` points nowhere or the parts nest too
    /// deeply.
    fn merge<'v>(&'v self, schema: &'v Value, merged: &mut Merged<'v>, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        let schema = self.resolve(schema)?;
        let Some(object) = schema.as_object() else { return Some(()) };
        let kinds = type_names(object);
        if kinds.contains(&"object") || (kinds.is_empty() && is_object_schema(object)) {
            merged.objects += 1;
        } else if !kinds.is_empty() || CONSTRAINTS.into_iter().any(|keyword| object.contains_key(keyword)) {
            merged.others.push(schema);
        }
        for (name, property) in object.get("properties").and_then(Value::as_object).into_iter().flatten() {
            merged.declare(name, property);
        }
        for name in object.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            merged.require(name);
        }
        if merged.additional.is_none() {
            merged.additional = object.get("additionalProperties");
        }
        if let Some(min) = object.get("minProperties").and_then(Value::as_u64) {
            merged.min_properties = merged.min_properties.max(min);
        }
        for (keyword, exclusive) in [("oneOf", true), ("anyOf", false)] {
            if let Some(variants) = object.get(keyword).and_then(Value::as_array).filter(|variants| !variants.is_empty()) {
                merged.unions.push(Union { owner: object, variants, exclusive });
            }
        }
        for part in object.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            self.merge(part, merged, depth + 1)?;
        }
        Some(())
    }

    /// The variant of `union` the sample of `merged` takes: the first (for
    /// a parameter, a string first) that gives a sample; of a `oneOf`, the
    /// first whose sample the other variants reject, if one does (the mock
    /// server checks that exactly one matches, with no regard to a
    /// discriminator). `None` when no variant gives a sample.
    fn choose<'v>(&'v self, merged: &Merged<'v>, union: Union<'v>, depth: usize) -> Option<Choice<'v>> {
        let parts: Vec<Option<Merged<'v>>> = union.variants.iter().map(|variant| self.merged(variant)).collect();
        let tags = self.tags(merged, union, &parts);
        let mut order: Vec<(usize, &Value)> =
            union.variants.iter().enumerate().filter(|(_, variant)| !self.is_null_schema(variant)).collect();
        if self.text {
            order.sort_by_key(|(_, variant)| !self.is_string_schema(variant));
        }
        let mut first = None;
        for (index, variant) in order {
            let Some(Some(part)) = parts.get(index) else { continue };
            let tag = tags.get(index).cloned().flatten();
            let Some((choice, value)) = self.candidate(merged, variant, part, tag, depth) else { continue };
            let alone = || {
                let others = union.variants.iter().enumerate().filter(|(other, _)| *other != index);
                others.into_iter().all(|(_, other)| !self.accepts(other, &value, 0))
            };
            if !union.exclusive || self.spent.get() > BUDGET || alone() {
                return Some(choice);
            }
            first.get_or_insert(choice);
        }
        if first.is_some() {
            return first;
        }
        if merged.objects > 0 {
            return Some(Choice::Neither);
        }
        // A union of `null` and of what cannot be sampled (a schema too deep).
        union.variants.iter().any(|variant| self.is_null_schema(variant)).then_some(Choice::Value(Value::Null))
    }

    /// What `variant` (merged as `part`) makes of the sample of `merged`,
    /// with the sample itself; `None` when it gives no sample, or is no
    /// object beside object parts.
    fn candidate<'v>(
        &'v self,
        merged: &Merged<'v>,
        variant: &'v Value,
        part: &Merged<'v>,
        tag: Option<(String, Value)>,
        depth: usize,
    ) -> Option<(Choice<'v>, Value)> {
        if part.objects > 0 || (merged.objects > 0 && part.others.is_empty()) {
            let mut chosen = merged.clone();
            chosen.absorb(part.clone());
            chosen.tags.extend(tag);
            let value = self.object(&chosen, depth)?;
            return Some((Choice::Object(chosen), value));
        }
        if merged.objects > 0 {
            return None;
        }
        // A plain variant beside parts of another type (`type: string`
        // beside `oneOf` of formats, say) is sampled with them.
        let plain = self.resolve(variant).and_then(Value::as_object).is_some_and(|object| {
            !COMBINATORS.into_iter().any(|keyword| object.contains_key(keyword))
        });
        let value = if plain && !merged.others.is_empty() {
            let mut parts = merged.others.clone();
            parts.push(variant);
            self.non_object(&parts, depth)?
        } else {
            self.value(variant, depth + 1)?
        };
        Some((Choice::Value(value.clone()), value))
    }

    /// The tag of each variant of `union` (merged as `parts`) when a
    /// property tells its variants apart: the union's discriminator, with
    /// the key its `mapping` gives the variant's `$ref` or else the name
    /// the `$ref` ends with; or a property each variant gives one string
    /// (`enum: [x]`, `const: x`). A sample has its variant's tag even when
    /// the tag is not required: the union's Rust type reads it. `None` for a
    /// variant with no tag the property's schemas accept.
    fn tags<'v>(&'v self, merged: &Merged<'v>, union: Union<'v>, parts: &[Option<Merged<'v>>]) -> Vec<Option<(String, Value)>> {
        let discriminator = union.owner.get("discriminator");
        let named = discriminator.and_then(|discriminator| discriminator.get("propertyName")).and_then(Value::as_str);
        let Some(property) = named.or_else(|| self.implicit_tag(union, parts)) else { return Vec::new() };
        let mapping = discriminator.and_then(|discriminator| discriminator.get("mapping")).and_then(Value::as_object);
        let tag = |variant: &Value, part: &Merged<'v>| {
            let schemas: Vec<&Value> = merged.schemas(property).iter().chain(part.schemas(property)).copied().collect();
            let fixed = part.schemas(property).last().and_then(|schema| self.single_string(schema));
            let reference = variant.get("$ref").and_then(Value::as_str);
            let name = reference.and_then(|reference| reference.rsplit('/').next());
            let key = reference.and_then(|reference| {
                let targets = mapping?.iter();
                targets.into_iter().find(|(_, target)| target.as_str() == Some(reference) || target.as_str() == name).map(|(key, _)| key.as_str())
            });
            let named = key.or(name).filter(|_| discriminator.is_some());
            let accepted = |tag: &&str| schemas.iter().all(|schema| self.accepts(schema, &Value::from(*tag), 0));
            let tag = named.filter(accepted).or(fixed.filter(accepted))?;
            Some((property.to_owned(), Value::from(tag)))
        };
        union.variants.iter().zip(parts).map(|(variant, part)| tag(variant, part.as_ref()?)).collect()
    }

    /// A property that every variant of `union` (merged as `parts`; two or
    /// more, leaving `null` out) gives one string.
    fn implicit_tag<'v>(&'v self, union: Union<'v>, parts: &[Option<Merged<'v>>]) -> Option<&'v str> {
        let variants = union.variants.iter().zip(parts).filter(|(variant, _)| !self.is_null_schema(variant));
        let variants: Vec<&Merged<'v>> = variants.map(|(_, part)| part.as_ref()).collect::<Option<_>>()?;
        let (first, rest) = variants.split_first()?;
        if rest.is_empty() {
            return None;
        }
        let gives_one = |part: &Merged<'v>, name: &str| part.schemas(name).last().and_then(|schema| self.single_string(schema)).is_some();
        first.properties.iter().map(|(name, _)| *name).find(|name| variants.iter().all(|part| gives_one(part, name)))
    }

    /// The one string `schema` accepts, when its `enum` or `const` says so.
    fn single_string<'v>(&'v self, schema: &'v Value) -> Option<&'v str> {
        let schema = self.resolve(schema)?;
        match schema.get("enum").and_then(Value::as_array).map(Vec::as_slice) {
            Some([only]) => only.as_str(),
            Some(_) => None,
            None => schema.get("const")?.as_str(),
        }
    }

    /// A value of the parts of one schema that are not objects (an `allOf`
    /// of a type and an `enum`, say): of their keywords together (a later
    /// part's winning), else of one of them, that every part accepts; else
    /// of the first part.
    fn non_object(&self, parts: &[&Value], depth: usize) -> Option<Value> {
        let bare: Vec<Value> = parts
            .iter()
            .filter_map(|part| self.resolve(part)?.as_object())
            .map(|object| {
                let mut object = object.clone();
                for keyword in COMBINATORS {
                    object.remove(keyword);
                }
                Value::Object(object)
            })
            .collect();
        if let [only] = bare.as_slice() {
            return self.value(only, depth + 1);
        }
        let together: Map<String, Value> = bare.iter().filter_map(Value::as_object).flatten().map(|(key, value)| (key.clone(), value.clone())).collect();
        let together = Value::Object(together);
        let accepted = |value: &Value| parts.iter().all(|part| self.accepts(part, value, 0));
        std::iter::once(&together)
            .chain(&bare)
            .find_map(|schema| self.value(schema, depth + 1).filter(|value| accepted(value)))
            .or_else(|| self.value(bare.first()?, depth + 1))
    }

    /// An object of `merged`: its tags and its required properties (for a
    /// parameter, all its properties: an object parameter with no member is
    /// no text at all in a path), then more as `minProperties` asks.
    fn object(&self, merged: &Merged<'_>, depth: usize) -> Option<Value> {
        let mut members: Map<String, Value> = merged.tags.iter().cloned().collect();
        let mut names = merged.required.clone();
        if self.text {
            names.extend(merged.properties.iter().map(|(name, _)| *name));
        }
        for name in names {
            // A read-only property is never sent.
            if members.contains_key(name) || self.is_read_only(merged, name) {
                continue;
            }
            members.insert(name.to_owned(), self.property(merged, name, depth)?);
        }
        self.fill(merged, &mut members, depth);
        Some(Value::Object(members))
    }

    /// Adds members to `members` until there are as many as the
    /// `minProperties` of `merged` asks: optional properties first (a
    /// struct keeps them), then, where additional properties are allowed
    /// (by a schema or `true`), made-up ones.
    fn fill(&self, merged: &Merged<'_>, members: &mut Map<String, Value>, depth: usize) {
        let min = usize::try_from(merged.min_properties.min(MOST_PROPERTIES)).unwrap_or(0);
        for (name, _) in &merged.properties {
            if members.len() >= min {
                return;
            }
            if members.contains_key(*name) || self.is_read_only(merged, name) {
                continue;
            }
            if let Some(value) = self.property(merged, name, depth) {
                members.insert((*name).to_owned(), value);
            }
        }
        let Some(additional) = merged.additional.filter(|additional| additional.as_bool() != Some(false)) else { return };
        let mut index = 0;
        while members.len() < min {
            index += 1;
            let name = format!("property{index}");
            if members.contains_key(&name) {
                continue;
            }
            let Some(value) = self.value(additional, depth + 1) else { return };
            members.insert(name, value);
        }
    }

    /// A value of the property `name` of `merged`: of its last schema, or
    /// else of an earlier one, that all its schemas accept. A name that only
    /// `required` lists takes the schema of additional properties, if any.
    fn property(&self, merged: &Merged<'_>, name: &str, depth: usize) -> Option<Value> {
        let schemas = merged.schemas(name);
        let Some(last) = schemas.last() else {
            let schema = merged.additional.filter(|schema| schema.is_object()).unwrap_or(&Value::Bool(true));
            return self.value(schema, depth + 1);
        };
        if schemas.len() > 1 {
            let accepted = |value: &Value| schemas.iter().all(|schema| self.accepts(schema, value, 0));
            if let Some(value) = schemas.iter().rev().find_map(|schema| self.value(schema, depth + 1).filter(|value| accepted(value))) {
                return Some(value);
            }
        }
        self.value(last, depth + 1)
    }

    /// Whether a part of `merged` marks its property `name` read-only.
    fn is_read_only(&self, merged: &Merged<'_>, name: &str) -> bool {
        merged.schemas(name).iter().any(|schema| self.is_read_only_schema(schema))
    }

    fn is_read_only_schema(&self, schema: &Value) -> bool {
        self.resolve(schema).and_then(|schema| schema.get("readOnly")).and_then(Value::as_bool) == Some(true)
    }

    fn is_null_schema(&self, schema: &Value) -> bool {
        self.resolve(schema).and_then(|schema| schema.get("type")).and_then(Value::as_str) == Some("null")
    }

    fn is_string_schema(&self, schema: &Value) -> bool {
        self.resolve(schema).and_then(|schema| schema.get("type")).and_then(Value::as_str) == Some("string")
    }

    /// `value`, to be sent in a request, with the properties `schema` marks
    /// read-only left out, if `schema` accepts it then.
    fn request_value(&self, value: &Value, schema: &Value) -> Option<Value> {
        let mut value = value.clone();
        self.strip_read_only(schema, &mut value, 0);
        self.accepts(schema, &value, 0).then_some(value)
    }

    /// Leaves out of `value` the properties, at any depth, that `schema`
    /// (with its `allOf` parts; not the variants of its unions) marks
    /// read-only.
    fn strip_read_only(&self, schema: &Value, value: &mut Value, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match value {
            Value::Object(members) => {
                let Some(merged) = self.merged(schema) else { return };
                members.retain(|name, _| !self.is_read_only(&merged, name));
                for (name, member) in members.iter_mut() {
                    if let Some(schema) = merged.schemas(name).last() {
                        self.strip_read_only(schema, member, depth + 1);
                    }
                }
            }
            Value::Array(items) => {
                let Some(schema) = self.resolve(schema).and_then(|schema| schema.get("items")) else { return };
                for item in items {
                    self.strip_read_only(schema, item, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// Whether `schema` accepts `value`, as far as a structural check tells:
    /// its types (and `nullable`), `enum`, `const` and `pattern`; required
    /// and declared properties and `additionalProperties`; items; all the
    /// parts of `allOf` and one of those of `oneOf` and of `anyOf`. A schema
    /// past [`MAX_DEPTH`] or a `$ref` that points nowhere rules nothing out;
    /// a required read-only property may be missing (requests leave it out).
    fn accepts(&self, schema: &Value, value: &Value, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        let Some(schema) = self.resolve(schema) else { return true };
        let Some(object) = schema.as_object() else { return schema.as_bool() != Some(false) };
        if value.is_null() && object.get("nullable").and_then(Value::as_bool) == Some(true) {
            return true;
        }
        let kinds = type_names(object);
        if !kinds.is_empty() && !kinds.iter().any(|kind| is_of_type(value, kind)) {
            return false;
        }
        if object.get("enum").and_then(Value::as_array).is_some_and(|values| !values.contains(value)) {
            return false;
        }
        if object.get("const").is_some_and(|constant| constant != value) {
            return false;
        }
        let accepts = |schema: &Value, value: &Value| self.accepts(schema, value, depth + 1);
        let fits = match value {
            Value::String(text) => matches_pattern(schema, text),
            Value::Array(items) => object.get("items").is_none_or(|schema| items.iter().all(|item| accepts(schema, item))),
            Value::Object(members) => self.accepts_members(schema, members, depth),
            _ => true,
        };
        let list = |keyword: &str| object.get(keyword).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        fits && list("allOf").iter().all(|part| accepts(part, value))
            && ["oneOf", "anyOf"].into_iter().all(|keyword| {
                let variants = list(keyword);
                variants.is_empty() || variants.iter().any(|variant| accepts(variant, value))
            })
    }

    /// Whether the object schema `schema` accepts an object of `members`
    /// (see [`Sampler::accepts`]).
    fn accepts_members(&self, schema: &Value, members: &Map<String, Value>, depth: usize) -> bool {
        let properties = schema.get("properties").and_then(Value::as_object);
        let declared = |name: &str| properties.and_then(|properties| properties.get(name));
        // A required property a part of `allOf` marks read-only may be missing too.
        let read_only = |name: &str| match declared(name) {
            Some(property) => self.is_read_only_schema(property),
            None => self.merged(schema).is_some_and(|merged| self.is_read_only(&merged, name)),
        };
        let mut required = schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
        if !required.all(|name| members.contains_key(name) || read_only(name)) {
            return false;
        }
        let additional = schema.get("additionalProperties");
        // Names that match `patternProperties` are not additional: with
        // them, no name is ruled out.
        let closed = additional.and_then(Value::as_bool) == Some(false) && schema.get("patternProperties").is_none();
        let additional = additional.filter(|additional| additional.is_object());
        members.iter().all(|(name, member)| match declared(name).or(additional) {
            Some(property) => self.accepts(property, member, depth + 1),
            None => !closed,
        })
    }
}

/// The types the `type` of `object` names: one, or in 3.1 a list.
fn type_names(object: &Map<String, Value>) -> Vec<&str> {
    match object.get("type") {
        Some(Value::String(kind)) => vec![kind.as_str()],
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whether `object`, with no type or with type `object`, describes an
/// object: it declares properties or required names, or constrains
/// additional ones.
fn is_object_schema(object: &Map<String, Value>) -> bool {
    ["properties", "required", "additionalProperties", "minProperties"].into_iter().any(|keyword| object.contains_key(keyword))
}

/// Whether `value` is of the JSON Schema type `kind` (an integer may be
/// written `1.0`).
fn is_of_type(value: &Value, kind: &str) -> bool {
    match kind {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|number| number.fract() == 0.0),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => true,
    }
}

/// A string the string schema `object` accepts: one for its format, within
/// its lengths.
fn string_sample(object: &Map<String, Value>) -> String {
    let format = object.get("format").and_then(Value::as_str).unwrap_or_default();
    let text = match format {
        "date-time" => "2024-01-01T00:00:00Z",
        "date" => "2024-01-01",
        "time" => "00:00:00",
        "uuid" => "00000000-0000-4000-8000-000000000000",
        "email" => "user@example.com",
        "uri" | "url" | "uri-reference" | "iri" => "https://example.com",
        "hostname" => "example.com",
        "ipv4" => "127.0.0.1",
        "ipv6" => "::1",
        "byte" => "c3RyaW5n",
        _ => "string",
    };
    let min = object.get("minLength").and_then(Value::as_u64).unwrap_or(0);
    let max = object.get("maxLength").and_then(Value::as_u64);
    let mut text = text.to_owned();
    let min = usize::try_from(min).unwrap_or(0).min(256);
    while text.len() < min {
        text.push('s');
    }
    let max = max.and_then(|max| usize::try_from(max).ok());
    if let Some(max) = max {
        if format.is_empty() || format == "password" {
            text.truncate(max.max(min));
        }
    }
    if let Some(pattern) = object.get("pattern").and_then(Value::as_str) {
        if !regex::Regex::new(pattern).is_ok_and(|regex| regex.is_match(&text)) {
            if let Some(matching) = pattern_sample(pattern, min, max) {
                return matching;
            }
        }
    }
    text
}

/// Whether `text` matches the `pattern` of the string schema `schema`, if
/// it has one the `regex` crate reads (one it cannot read rules nothing out).
fn matches_pattern(schema: &Value, text: &str) -> bool {
    let Some(pattern) = schema.get("pattern").and_then(Value::as_str) else { return true };
    regex::Regex::new(pattern).map_or(true, |regex| regex.is_match(text))
}

/// A string that matches `pattern` and has between `min` and `max`
/// characters. The pattern is an ECMA-262 regular expression (JSON Schema
/// says so), read with the syntax of the `regex` crate, which shares its
/// common part. The string is made by walking the pattern's syntax tree:
/// the first alternative, as few repetitions as the lengths allow, and of
/// each class a letter or digit where it has one. `None` when the pattern
/// uses what `regex` does not read (lookaround, backreferences) or no
/// string made so fits; every string returned has been checked against
/// the compiled pattern.
fn pattern_sample(pattern: &str, min: usize, max: Option<usize>) -> Option<String> {
    let tree = regex_syntax::parse(pattern).ok()?;
    let regex = regex::Regex::new(pattern).ok()?;
    let fits = |text: &str| {
        let length = text.chars().count();
        length >= min && max.is_none_or(|max| length <= max) && regex.is_match(text)
    };
    // How many times an open repetition (`+`, `*`, `{2,}`) repeats: once
    // first (a parameter is never empty), then as the lengths need.
    [1, 0, 2, 3, 4, 8, 16, min].into_iter().find_map(|stretch| {
        let mut text = String::new();
        write_pattern_sample(&tree, stretch, &mut text);
        fits(&text).then_some(text)
    })
}

/// Appends to `out` a string the syntax tree `tree` matches, repeating each
/// repetition `stretch` times within its bounds.
fn write_pattern_sample(tree: &regex_syntax::hir::Hir, stretch: usize, out: &mut String) {
    use regex_syntax::hir::{Class, HirKind};
    // No sample is longer than this: past it, a repetition stops early and
    // the check of the whole string decides.
    const LONGEST: usize = 1024;
    match tree.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges: Vec<(char, char)> = class.ranges().iter().map(|range| (range.start(), range.end())).collect();
            out.extend(sample_char(&ranges));
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ascii = class.ranges().iter().filter(|range| range.start().is_ascii());
            let ranges: Vec<(char, char)> = ascii.map(|range| (char::from(range.start()), char::from(range.end().min(0x7f)))).collect();
            out.extend(sample_char(&ranges));
        }
        HirKind::Repetition(repetition) => {
            let at_least = usize::try_from(repetition.min).unwrap_or(usize::MAX);
            let at_most = repetition.max.map_or(usize::MAX, |max| usize::try_from(max).unwrap_or(usize::MAX));
            let count = at_least.max(stretch.min(at_most));
            for _ in 0..count {
                if out.len() > LONGEST {
                    break;
                }
                write_pattern_sample(&repetition.sub, stretch, out);
            }
        }
        HirKind::Capture(capture) => write_pattern_sample(&capture.sub, stretch, out),
        HirKind::Concat(parts) => parts.iter().for_each(|part| write_pattern_sample(part, stretch, out)),
        HirKind::Alternation(alternatives) => {
            if let Some(first) = alternatives.first() {
                write_pattern_sample(first, stretch, out);
            }
        }
    }
}

/// A character of a class given by its ranges: a lowercase letter, a digit
/// or an uppercase letter where it has one (they travel in a URL as they
/// are), else unreserved punctuation, else any printable ASCII, else the
/// class's first character.
fn sample_char(ranges: &[(char, char)]) -> Option<char> {
    let contains = |c: &char| ranges.iter().any(|(start, end)| start <= c && c <= end);
    let preferred = ('a'..='z').chain('0'..='9').chain('A'..='Z').chain(['-', '_', '.', '~']).chain('!'..='~');
    preferred.into_iter().find(contains).or_else(|| ranges.first().map(|(start, _)| *start))
}

/// A number the numeric schema `object` accepts: 1 unless its bounds or
/// `multipleOf` say otherwise.
fn number_sample(object: &Map<String, Value>, integer: bool) -> Value {
    let get = |keyword: &str| object.get(keyword).and_then(Value::as_f64);
    // 3.0 makes `exclusiveMinimum` a flag on `minimum`; 3.1 a number.
    let exclusive = |keyword: &str| object.get(keyword).and_then(Value::as_bool).unwrap_or(false);
    let step = get("multipleOf").filter(|step| *step > 0.0);
    let mut value = step.unwrap_or(1.0);
    if let Some(minimum) = get("minimum") {
        if value < minimum || (exclusive("exclusiveMinimum") && value <= minimum) {
            value = minimum + if exclusive("exclusiveMinimum") { step.unwrap_or(1.0) } else { 0.0 };
        }
    }
    if let Some(minimum) = object.get("exclusiveMinimum").and_then(Value::as_f64) {
        if value <= minimum {
            value = minimum + step.unwrap_or(1.0);
        }
    }
    if let Some(maximum) = get("maximum") {
        if value > maximum {
            value = maximum - if exclusive("exclusiveMaximum") { step.unwrap_or(1.0) } else { 0.0 };
        }
    }
    if let Some(maximum) = object.get("exclusiveMaximum").and_then(Value::as_f64) {
        if value >= maximum {
            value = maximum - step.unwrap_or(1.0);
        }
    }
    if let Some(step) = step {
        value = (value / step).ceil() * step;
    }
    if integer {
        // Within `i64` by construction of the bounds above, or saturated.
        Value::from(value.ceil() as i64)
    } else {
        serde_json::Number::from_f64(value).map_or(Value::from(1), Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn samples_follow_the_schema() {
        let document = json!({
            "components": { "schemas": {
                "Pet": { "type": "object", "required": ["name", "id"], "properties": {
                    "name": { "type": "string", "minLength": 10 },
                    "id": { "type": "integer", "readOnly": true },
                    "tag": { "type": "string" }
                }},
                "Node": { "type": "object", "required": ["next"], "properties": { "next": { "$ref": "#/components/schemas/Node" } } }
            }}
        });
        let pet = sample(&json!({ "$ref": "#/components/schemas/Pet" }), &document);
        assert_eq!(pet, Some(json!({ "name": "stringssss" })));
        assert_eq!(sample(&json!({ "type": "string", "enum": ["b", "a"] }), &document), Some(json!("b")));
        assert_eq!(sample(&json!({ "type": "integer", "minimum": 5 }), &document), Some(json!(5)));
        assert_eq!(sample(&json!({ "type": "integer", "maximum": 0 }), &document), Some(json!(0)));
        assert_eq!(sample(&json!({ "type": "integer", "multipleOf": 7 }), &document), Some(json!(7)));
        assert_eq!(sample(&json!({ "type": "number", "minimum": 0, "exclusiveMinimum": true }), &document), Some(json!(1.0)));
        assert_eq!(sample(&json!({ "type": "string", "format": "uuid" }), &document), Some(json!("00000000-0000-4000-8000-000000000000")));
        assert_eq!(sample(&json!({ "type": "string", "maxLength": 3 }), &document), Some(json!("str")));
        assert_eq!(sample(&json!({ "type": "array", "minItems": 2, "items": { "type": "boolean" } }), &document), Some(json!([true, true])));
        assert_eq!(sample(&json!({ "type": "array", "items": { "type": "boolean" } }), &document), Some(json!([true])));
        assert_eq!(sample(&json!({ "type": "array", "maxItems": 0, "items": { "type": "boolean" } }), &document), Some(json!([])));
        // A parameter's `oneOf` prefers a string, which only a string schema matches.
        let id = json!({ "oneOf": [{ "type": "integer" }, { "type": "string" }] });
        assert_eq!(sample(&id, &document), Some(json!(1)));
        assert_eq!(parameter_sample(&id, &document), Some(json!("string")));
        let filter = json!({ "type": "object", "properties": { "name": { "type": "string" } } });
        assert_eq!(sample(&filter, &document), Some(json!({})));
        assert_eq!(parameter_sample(&filter, &document), Some(json!({ "name": "string" })));
        // An `allOf` with an object part is an object, as its Rust type is a struct.
        assert_eq!(sample(&json!({ "allOf": [{ "type": "integer" }, { "type": "object" }] }), &document), Some(json!({})));
        assert_eq!(
            sample(&json!({ "allOf": [{ "$ref": "#/components/schemas/Pet" }, { "type": "object", "required": ["x"], "properties": { "x": { "type": "boolean" } } }] }), &document),
            Some(json!({ "name": "stringssss", "x": true }))
        );
        // A property required beside `allOf` and defined in one of its parts
        // has the part's type.
        let required_outside = json!({ "required": ["flag"], "allOf": [{ "properties": { "flag": { "type": "boolean" } } }] });
        assert_eq!(sample(&required_outside, &document), Some(json!({ "flag": true })));
        assert_eq!(sample(&json!({ "oneOf": [{ "type": "null" }, { "type": "boolean" }] }), &document), Some(json!(true)));
        assert_eq!(sample(&json!({ "type": ["null", "integer"] }), &document), Some(json!(1)));
        // A required property that needs itself forever cannot be sampled.
        assert_eq!(sample(&json!({ "$ref": "#/components/schemas/Node" }), &document), None);
        assert_eq!(sample(&json!({ "$ref": "#/components/schemas/Missing" }), &document), None);
    }

    #[test]
    fn strings_with_a_pattern_match_it() {
        let document = json!({});
        let string = |schema: Value| sample(&schema, &document).and_then(|value| value.as_str().map(str::to_owned));
        let cases = [
            // The plain sample is kept when it matches.
            (json!({ "type": "string", "pattern": "^[a-z0-9-]+$" }), "string"),
            (json!({ "type": "string", "pattern": "^[0-9-]+$" }), "0"),
            (json!({ "type": "string", "pattern": "^v[0-9]+\\.[0-9]+$" }), "v0.0"),
            (json!({ "type": "string", "pattern": "^[A-Z]{3}$" }), "AAA"),
            (json!({ "type": "string", "pattern": "^(stable|beta)-[0-9]{2,}$" }), "stable-00"),
            (json!({ "type": "string", "pattern": "^[^s]+$", "minLength": 4 }), "aaaa"),
            (json!({ "type": "string", "pattern": "^\\d{4}-\\d{2}$" }), "0000-00"),
            (json!({ "type": "string", "pattern": "^[a-f0-9]{24}$" }), "aaaaaaaaaaaaaaaaaaaaaaaa"),
            // The format's sample is kept when it matches.
            (json!({ "type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$" }), "2024-01-01"),
            // A pattern the `regex` crate cannot read leaves the sample as it was.
            (json!({ "type": "string", "pattern": "^(?!x)" }), "string"),
        ];
        for (schema, expected) in cases {
            assert_eq!(string(schema.clone()).as_deref(), Some(expected), "{schema}");
            if let Some(pattern) = schema.get("pattern").and_then(Value::as_str).filter(|pattern| !pattern.contains("?!")) {
                assert!(regex::Regex::new(pattern).unwrap().is_match(expected), "{pattern} does not match {expected}");
            }
        }
        // An example that does not match the pattern is not used.
        let with_example = json!({ "type": "string", "pattern": "^[0-9]+$", "example": "abc" });
        assert_eq!(sample(&with_example, &document), Some(json!("0")));
        // No string within the lengths matches: the plain sample stays.
        assert_eq!(pattern_sample("^[a-z]{5}$", 0, Some(3)), None);
    }

    #[test]
    fn given_examples() {
        let document = json!({ "components": { "examples": { "one": { "value": 1 } } } });
        assert_eq!(given_example(&json!({ "example": "x" }), &document), Some(json!("x")));
        assert_eq!(given_example(&json!({ "examples": { "a": { "$ref": "#/components/examples/one" } } }), &document), Some(json!(1)));
        assert_eq!(given_example(&json!({}), &document), None);
        // An example of another type than the schema's is not used.
        assert_eq!(given_example(&json!({ "example": "{}", "schema": { "type": "object" } }), &document), None);
    }

    #[test]
    fn given_examples_must_fit_deeply() {
        let document = json!({});
        let schema = json!({ "type": "object", "required": ["key"], "properties": {
            "key": { "type": "string", "pattern": "^ssh-" },
            "ids": { "type": "array", "items": { "type": "integer" } }
        }});
        let mut examples = json!({
            "schema": schema,
            "examples": {
                "a_bad": { "value": { "key": "AAAA", "ids": ["1"] } },
                "b_good": { "value": { "key": "ssh-rsa AAAA", "ids": [1] } }
            }
        });
        assert_eq!(given_example(&examples, &document), Some(json!({ "key": "ssh-rsa AAAA", "ids": [1] })));
        // The `example` comes after the `examples`.
        examples["example"] = json!({ "key": "ssh-dss" });
        assert_eq!(given_example(&examples, &document), Some(json!({ "key": "ssh-rsa AAAA", "ids": [1] })));
        examples["examples"]["b_good"]["value"]["key"] = json!("AAAA");
        assert_eq!(given_example(&examples, &document), Some(json!({ "key": "ssh-dss" })));
        // No example fits: a sample is made up instead.
        assert_eq!(given_example(&json!({ "schema": schema, "example": { "ids": [1] } }), &document), None);
        // The read-only properties of an example are not sent.
        let read_only = json!({
            "schema": { "type": "object", "required": ["id", "name"], "properties": {
                "id": { "type": "integer", "readOnly": true },
                "name": { "type": "string" }
            }},
            "example": { "id": 7, "name": "x" }
        });
        assert_eq!(given_example(&read_only, &document), Some(json!({ "name": "x" })));
    }

    #[test]
    fn all_of_parts_merge() {
        let document = json!({ "components": { "schemas": {
            "Category": { "type": "object", "properties": { "title": { "type": "string" }, "id": { "type": "integer" } } },
            "Ref": { "type": "object", "required": ["type"], "properties": { "type": { "type": "string" } } },
            "Base": { "required": ["files"], "properties": { "name": { "type": "string" } } },
            "Kind": { "type": "string", "enum": ["A", "B"] }
        }}});
        // A part that only requires a name another part declares.
        let required = json!({ "allOf": [{ "$ref": "#/components/schemas/Category" }, { "required": ["title"] }] });
        assert_eq!(sample(&required, &document), Some(json!({ "title": "string" })));
        // A later part refines a property an earlier one declared.
        let refined = json!({ "allOf": [
            { "$ref": "#/components/schemas/Ref" },
            { "properties": { "type": { "enum": ["branches", "tags"] } } }
        ]});
        assert_eq!(sample(&refined, &document), Some(json!({ "type": "branches" })));
        // A name one part requires is sampled from the part that declares it.
        let declared_later = json!({ "allOf": [
            { "$ref": "#/components/schemas/Base" },
            { "properties": { "files": { "type": "array", "items": { "type": "string" } } } }
        ]});
        assert_eq!(sample(&declared_later, &document), Some(json!({ "files": ["string"] })));
        // Parts that only describe leave the one other part.
        let described = json!({ "allOf": [{ "type": "string", "enum": ["A", "B"] }, { "description": "d" }] });
        assert_eq!(sample(&described, &document), Some(json!("A")));
        let nullable = json!({ "allOf": [{ "$ref": "#/components/schemas/Kind" }], "nullable": false, "description": "d" });
        assert_eq!(sample(&nullable, &document), Some(json!("A")));
        // Parts of other types are sampled together.
        let together = json!({ "allOf": [{ "type": "string" }, { "format": "date" }, { "maxLength": 10 }] });
        assert_eq!(sample(&together, &document), Some(json!("2024-01-01")));
    }

    #[test]
    fn unions_beside_properties_merge() {
        let document = json!({});
        let schema = json!({
            "type": "object",
            "properties": { "title": { "type": "string" }, "category": { "type": "integer" }, "slug": { "type": "string" } },
            "oneOf": [{ "required": ["title", "category"] }, { "required": ["title", "slug"] }]
        });
        assert_eq!(sample(&schema, &document), Some(json!({ "title": "string", "category": 1 })));
        let any_of = json!({
            "type": "object",
            "required": ["title"],
            "properties": { "title": { "type": "string" }, "slug": { "type": "string", "format": "uuid" } },
            "anyOf": [{ "required": ["slug"] }]
        });
        assert_eq!(sample(&any_of, &document), Some(json!({ "title": "string", "slug": "00000000-0000-4000-8000-000000000000" })));
    }

    #[test]
    fn one_of_takes_a_variant_the_others_reject() {
        let document = json!({});
        // The first variant's sample matches the second variant too.
        let strings = json!({ "oneOf": [{ "type": "string", "enum": ["x"] }, { "type": "string" }] });
        assert_eq!(sample(&strings, &document), Some(json!("string")));
        let objects = json!({ "oneOf": [
            { "type": "object", "required": ["b"], "properties": { "b": { "type": "integer" } } },
            { "type": "object", "properties": { "a": { "type": "string" } } }
        ]});
        assert_eq!(sample(&objects, &document), Some(json!({})));
        // No variant is alone: the first.
        let numbers = json!({ "oneOf": [{ "type": "number" }, { "type": "integer" }] });
        assert_eq!(sample(&numbers, &document), Some(json!(1.0)));
    }

    #[test]
    fn one_of_variants_have_their_tag() {
        let document = json!({ "components": { "schemas": {
            "Cat": { "type": "object", "properties": { "kind": { "type": "string" }, "meow": { "type": "boolean" } } },
            "Dog": { "type": "object", "properties": { "kind": { "type": "string" }, "bark": { "type": "boolean" } } }
        }}});
        // A property with one value in each variant tells them apart.
        let tagged = json!({ "oneOf": [
            { "type": "object", "properties": { "method": { "type": "string", "enum": ["shown"] }, "content": { "type": "string" } } },
            { "type": "object", "properties": { "method": { "type": "string", "enum": ["removed"] }, "event_id": { "type": "string" } } }
        ]});
        assert_eq!(sample(&tagged, &document), Some(json!({ "method": "shown" })));
        // So does a discriminator: by its mapping, else by the schema's name.
        let discriminated = |mapping: Value| {
            json!({
                "oneOf": [{ "$ref": "#/components/schemas/Cat" }, { "$ref": "#/components/schemas/Dog" }],
                "discriminator": { "propertyName": "kind", "mapping": mapping }
            })
        };
        assert_eq!(sample(&discriminated(json!({ "cat": "#/components/schemas/Cat" })), &document), Some(json!({ "kind": "cat" })));
        assert_eq!(sample(&discriminated(json!({})), &document), Some(json!({ "kind": "Cat" })));
    }

    #[test]
    fn min_properties_are_met() {
        let document = json!({});
        let map = json!({ "type": "object", "minProperties": 2, "additionalProperties": { "type": "integer" } });
        assert_eq!(sample(&map, &document), Some(json!({ "property1": 1, "property2": 1 })));
        let any = json!({ "type": "object", "minProperties": 1, "additionalProperties": true });
        assert_eq!(sample(&any, &document), Some(json!({ "property1": "string" })));
        // Declared properties first.
        let declared = json!({ "type": "object", "minProperties": 1, "properties": { "a": { "type": "boolean" } }, "additionalProperties": true });
        assert_eq!(sample(&declared, &document), Some(json!({ "a": true })));
        // No more than additional properties allow.
        let closed = json!({ "type": "object", "minProperties": 1, "additionalProperties": false });
        assert_eq!(sample(&closed, &document), Some(json!({})));
    }

    #[test]
    fn accepts_checks_structure() {
        let document = json!({});
        let sampler = Sampler::new(&document, false);
        let accepts = |schema: Value, value: Value| sampler.accepts(&schema, &value, 0);
        assert!(accepts(json!({ "type": "string", "nullable": true }), json!(null)));
        assert!(!accepts(json!({ "type": "string" }), json!(null)));
        assert!(accepts(json!({ "type": "integer" }), json!(2.0)));
        assert!(!accepts(json!({ "type": "integer" }), json!(2.5)));
        assert!(!accepts(json!({ "const": "a" }), json!("b")));
        assert!(!accepts(json!({ "properties": { "a": { "type": "string" } }, "additionalProperties": false }), json!({ "b": 1 })));
        assert!(!accepts(json!({ "additionalProperties": { "type": "string" } }), json!({ "b": 1 })));
        assert!(accepts(json!({ "required": ["id"], "properties": { "id": { "readOnly": true } } }), json!({})));
        assert!(!accepts(json!({ "allOf": [{ "required": ["a"] }, { "type": "object" }] }), json!({})));
        assert!(accepts(json!({ "anyOf": [{ "type": "string" }, { "type": "integer" }] }), json!(1)));
        assert!(!accepts(json!({ "type": "array", "items": { "type": "string", "pattern": "^a" } }), json!(["b"])));
        assert!(!accepts(json!(false), json!(1)));
    }
}
