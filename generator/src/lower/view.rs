//! One flat view of a schema, whichever way `openapiv3` parsed it.
//!
//! `openapiv3` gives a schema either as a typed variant (`Type::String`, …)
//! or, when keywords mix (`type: object` beside `oneOf`), as `AnySchema`.
//! Lowering reads both through [`View`], so it handles every mix the same.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

/// A schema or a reference to one.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Node<'s> {
    /// A `$ref`.
    Ref(&'s str),
    /// An inline schema.
    Schema(&'s Schema),
}

impl<'s> Node<'s> {
    pub(crate) fn of(schema: &'s ReferenceOr<Schema>) -> Node<'s> {
        match schema {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Schema(schema),
        }
    }

    pub(crate) fn of_boxed(schema: &'s ReferenceOr<Box<Schema>>) -> Node<'s> {
        match schema {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Schema(schema),
        }
    }
}

/// A schema's `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SchemaType<'s> {
    String,
    Number,
    Integer,
    Boolean,
    Object,
    Array,
    /// A type OpenAPI 3.0 does not define, as written.
    Unknown(&'s str),
}

impl<'s> SchemaType<'s> {
    fn parse(text: &'s str) -> SchemaType<'s> {
        match text {
            "string" => SchemaType::String,
            "number" => SchemaType::Number,
            "integer" => SchemaType::Integer,
            "boolean" => SchemaType::Boolean,
            "object" => SchemaType::Object,
            "array" => SchemaType::Array,
            other => SchemaType::Unknown(other),
        }
    }
}

/// The keywords of one schema that lowering looks at.
#[derive(Debug, Default)]
pub(crate) struct View<'s> {
    /// `type`.
    pub ty: Option<SchemaType<'s>>,
    /// `format`.
    pub format: Option<String>,
    /// The non-null values of `enum`.
    pub enumeration: Vec<serde_json::Value>,
    /// Whether `enum` lists `null`.
    pub enum_has_null: bool,
    /// `properties`, in order.
    pub properties: Vec<(&'s str, Node<'s>)>,
    /// `required`.
    pub required: Vec<&'s str>,
    /// `additionalProperties`.
    pub additional: Option<&'s AdditionalProperties>,
    /// `items`.
    pub items: Option<Node<'s>>,
    /// `oneOf`.
    pub one_of: Vec<Node<'s>>,
    /// `anyOf`.
    pub any_of: Vec<Node<'s>>,
    /// `allOf`.
    pub all_of: Vec<Node<'s>>,
    /// Whether `not` is present.
    pub has_not: bool,
    /// Validation keywords, in words.
    pub constraints: Vec<String>,
}

impl View<'_> {
    /// Whether the schema describes an object with listed properties.
    pub(crate) fn has_properties(&self) -> bool {
        !self.properties.is_empty()
    }

    /// Whether the schema says nothing about the shape of its value.
    pub(crate) fn is_unconstrained(&self) -> bool {
        self.ty.is_none()
            && self.enumeration.is_empty()
            && self.properties.is_empty()
            && self.additional.is_none()
            && self.items.is_none()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.all_of.is_empty()
    }
}

fn push_enum<T: Into<serde_json::Value>>(view: &mut View<'_>, values: impl IntoIterator<Item = Option<T>>) {
    for value in values {
        match value {
            Some(value) => view.enumeration.push(value.into()),
            None => view.enum_has_null = true,
        }
    }
}

fn length_constraints(constraints: &mut Vec<String>, min: Option<usize>, max: Option<usize>, unit: &str) {
    match (min, max) {
        (Some(min), Some(max)) if min == max => constraints.push(format!("exactly {min} {unit}")),
        (Some(min), Some(max)) => constraints.push(format!("{min} to {max} {unit}")),
        (Some(min), None) => constraints.push(format!("at least {min} {unit}")),
        (None, Some(max)) => constraints.push(format!("at most {max} {unit}")),
        (None, None) => {}
    }
}

fn range_constraints(
    constraints: &mut Vec<String>,
    minimum: Option<String>,
    exclusive_minimum: bool,
    maximum: Option<String>,
    exclusive_maximum: bool,
) {
    if let Some(minimum) = minimum {
        let word = if exclusive_minimum { "greater than" } else { "at least" };
        constraints.push(format!("{word} {minimum}"));
    }
    if let Some(maximum) = maximum {
        let word = if exclusive_maximum { "less than" } else { "at most" };
        constraints.push(format!("{word} {maximum}"));
    }
}

fn format_name<T: std::fmt::Debug>(format: &openapiv3::VariantOrUnknownOrEmpty<T>) -> Option<String> {
    use heck::ToKebabCase;
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(item) => Some(format!("{item:?}").to_kebab_case()),
        openapiv3::VariantOrUnknownOrEmpty::Unknown(name) => Some(name.clone()),
        openapiv3::VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn nodes(schemas: &[ReferenceOr<Schema>]) -> Vec<Node<'_>> {
    schemas.iter().map(Node::of).collect()
}

/// Flattens `schema` into a [`View`].
pub(crate) fn view(schema: &Schema) -> View<'_> {
    let mut view = View::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            view.ty = Some(SchemaType::String);
            view.format = format_name(&string.format);
            push_enum(&mut view, string.enumeration.iter().cloned());
            length_constraints(&mut view.constraints, string.min_length, string.max_length, "characters");
            if let Some(pattern) = &string.pattern {
                view.constraints.push(format!("matches the pattern `{pattern}`"));
            }
        }
        SchemaKind::Type(Type::Number(number)) => {
            view.ty = Some(SchemaType::Number);
            view.format = format_name(&number.format);
            push_enum(&mut view, number.enumeration.iter().cloned());
            range_constraints(
                &mut view.constraints,
                number.minimum.map(|n| n.to_string()),
                number.exclusive_minimum,
                number.maximum.map(|n| n.to_string()),
                number.exclusive_maximum,
            );
            if let Some(multiple_of) = number.multiple_of {
                view.constraints.push(format!("a multiple of {multiple_of}"));
            }
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            view.ty = Some(SchemaType::Integer);
            view.format = format_name(&integer.format);
            push_enum(&mut view, integer.enumeration.iter().cloned());
            range_constraints(
                &mut view.constraints,
                integer.minimum.map(|n| n.to_string()),
                integer.exclusive_minimum,
                integer.maximum.map(|n| n.to_string()),
                integer.exclusive_maximum,
            );
            if let Some(multiple_of) = integer.multiple_of {
                view.constraints.push(format!("a multiple of {multiple_of}"));
            }
        }
        SchemaKind::Type(Type::Boolean(boolean)) => {
            view.ty = Some(SchemaType::Boolean);
            push_enum(&mut view, boolean.enumeration.iter().cloned());
        }
        SchemaKind::Type(Type::Object(object)) => {
            view.ty = Some(SchemaType::Object);
            view.properties = object.properties.iter().map(|(name, node)| (name.as_str(), Node::of_boxed(node))).collect();
            view.required = object.required.iter().map(String::as_str).collect();
            view.additional = object.additional_properties.as_ref();
            length_constraints(&mut view.constraints, object.min_properties, object.max_properties, "properties");
        }
        SchemaKind::Type(Type::Array(array)) => {
            view.ty = Some(SchemaType::Array);
            view.items = array.items.as_ref().map(Node::of_boxed);
            length_constraints(&mut view.constraints, array.min_items, array.max_items, "items");
            if array.unique_items {
                view.constraints.push("items are unique".to_owned());
            }
        }
        SchemaKind::OneOf { one_of } => view.one_of = nodes(one_of),
        SchemaKind::AnyOf { any_of } => view.any_of = nodes(any_of),
        SchemaKind::AllOf { all_of } => view.all_of = nodes(all_of),
        SchemaKind::Not { .. } => view.has_not = true,
        SchemaKind::Any(any) => {
            view.ty = any.typ.as_deref().map(SchemaType::parse);
            view.format = any.format.clone();
            for value in &any.enumeration {
                if value.is_null() {
                    view.enum_has_null = true;
                } else {
                    view.enumeration.push(value.clone());
                }
            }
            view.properties = any.properties.iter().map(|(name, node)| (name.as_str(), Node::of_boxed(node))).collect();
            view.required = any.required.iter().map(String::as_str).collect();
            view.additional = any.additional_properties.as_ref();
            view.items = any.items.as_ref().map(Node::of_boxed);
            view.one_of = nodes(&any.one_of);
            view.any_of = nodes(&any.any_of);
            view.all_of = nodes(&any.all_of);
            view.has_not = any.not.is_some();
            length_constraints(&mut view.constraints, any.min_length, any.max_length, "characters");
            length_constraints(&mut view.constraints, any.min_items, any.max_items, "items");
            length_constraints(&mut view.constraints, any.min_properties, any.max_properties, "properties");
            range_constraints(
                &mut view.constraints,
                any.minimum.map(|n| n.to_string()),
                any.exclusive_minimum.unwrap_or(false),
                any.maximum.map(|n| n.to_string()),
                any.exclusive_maximum.unwrap_or(false),
            );
            if let Some(pattern) = &any.pattern {
                view.constraints.push(format!("matches the pattern `{pattern}`"));
            }
        }
    }
    view
}
