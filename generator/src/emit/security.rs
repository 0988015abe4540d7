//! Emission of the credentials of the spec's security schemes: one
//! `ClientBuilder` method per scheme, and the note in each endpoint's
//! documentation that says which credentials it needs.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::types::ident;
use crate::ir::{Api, ApiKeyLocation, Endpoint, SecurityKind, SecurityScheme};

/// The `impl crate::ClientBuilder` block with a method per security
/// scheme; nothing when the API has none.
pub(crate) fn emit_security_methods(api: &Api) -> TokenStream {
    if api.security_schemes.is_empty() {
        return TokenStream::new();
    }
    let methods = api.security_schemes.iter().map(emit_security_method);
    quote! {
        /// The credentials of the API's security schemes.
        impl crate::ClientBuilder {
            #(#methods)*
        }
    }
}

/// The `ClientBuilder` method that sets the credential of `scheme`.
fn emit_security_method(scheme: &SecurityScheme) -> TokenStream {
    let method = ident(&scheme.method);
    let key = &scheme.key;
    let (arguments, credential, place) = match &scheme.kind {
        SecurityKind::ApiKey { location, name } => {
            let (variant, place) = match location {
                ApiKeyLocation::Header => (quote! { Header }, format!("the `{name}` header")),
                ApiKeyLocation::Query => (quote! { Query }, format!("the `{name}` query parameter")),
                ApiKeyLocation::Cookie => (quote! { Cookie }, format!("the `{name}` cookie")),
            };
            (
                quote! { key: impl ::std::convert::Into<crate::Secret> },
                quote! { crate::runtime::Credential::#variant { name: #name, value: key.into() } },
                format!("Sends the API key in {place}"),
            )
        }
        SecurityKind::Bearer { format } => (
            quote! { token: impl ::std::convert::Into<crate::Secret> },
            quote! { crate::runtime::Credential::Bearer(token.into()) },
            match format {
                Some(format) => format!("Sends the token (its format: {format}) in `Authorization: Bearer …`"),
                None => "Sends the token in `Authorization: Bearer …`".to_owned(),
            },
        ),
        SecurityKind::Basic => (
            quote! {
                username: impl ::std::convert::Into<::std::string::String>,
                password: impl ::std::convert::Into<crate::Secret>
            },
            quote! { crate::runtime::Credential::Basic { username: username.into(), password: password.into() } },
            "Sends the user name and the password in `Authorization: Basic …`".to_owned(),
        ),
    };
    let mut docs = scheme.docs.clone();
    docs.notes.push(format!("{place}, to the endpoints that accept the `{key}` security scheme."));
    let docs = doc_attrs(&docs);
    quote! {
        #docs
        pub fn #method(self, #arguments) -> Self {
            self.credential(#key, #credential)
        }
    }
}

/// The `.security(…)` call of an endpoint's request: the alternatives, by
/// the schemes' keys; nothing when the endpoint needs no credentials.
pub(crate) fn emit_request_security(api: &Api, endpoint: &Endpoint) -> TokenStream {
    if endpoint.security.is_empty() {
        return TokenStream::new();
    }
    let alternatives = endpoint.security.iter().map(|alternative| {
        let keys = alternative.iter().filter_map(|index| api.security_schemes.get(*index)).map(|scheme| &scheme.key);
        quote! { &[#(#keys),*] }
    });
    quote! { .security(&[#(#alternatives),*]) }
}

/// The sentence of an endpoint's documentation that says which
/// credentials it sends, naming the `ClientBuilder` methods that set them.
pub(crate) fn security_note(api: &Api, endpoint: &Endpoint) -> Option<String> {
    let mut optional = false;
    let mut alternatives = Vec::new();
    for alternative in &endpoint.security {
        if alternative.is_empty() {
            optional = true;
            continue;
        }
        let methods: Vec<String> = alternative
            .iter()
            .filter_map(|index| api.security_schemes.get(*index))
            .map(|scheme| format!("[`{method}`](crate::ClientBuilder::{method})", method = scheme.method))
            .collect();
        alternatives.push(match methods.split_last() {
            Some((last, [only])) => format!("both {only} and {last}"),
            Some((last, rest)) if !rest.is_empty() => format!("all of {} and {last}", rest.join(", ")),
            _ => methods.concat(),
        });
    }
    let listed = match alternatives.split_last() {
        None => return None,
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    };
    Some(if optional {
        format!("Sends {listed} when the client has it; works without credentials too.")
    } else {
        format!("Needs {listed}.")
    })
}
