//! The two functions of the conformance driver that carry ids from the
//! server's answers to later requests in a sweep. This file is the source
//! they are emitted from (`emit::conformance` parses it), and a module of
//! the generator's tests, so the unit tests below run the very code every
//! driver carries. It uses only `::std` and `::serde_json`, by absolute
//! path, as emitted code does.

fn substitute(value: &mut ::serde_json::Value, ids: &::std::collections::BTreeMap<::std::string::String, ::std::string::String>) {
    match value {
        ::serde_json::Value::Object(members) => {
            for (key, member) in members.iter_mut() {
                let single = key.strip_suffix('s').filter(|stem| stem.ends_with("_id"));
                match (member, ids.get(key.as_str()), single.and_then(|stem| ids.get(stem))) {
                    (member @ ::serde_json::Value::String(_), ::std::option::Option::Some(id), _) => {
                        *member = ::serde_json::Value::String(id.clone());
                    }
                    (::serde_json::Value::Array(items), _, ::std::option::Option::Some(id)) => {
                        for item in items.iter_mut().filter(|item| item.is_string()) {
                            *item = ::serde_json::Value::String(id.clone());
                        }
                    }
                    (member, _, _) => substitute(member, ids),
                }
            }
        }
        ::serde_json::Value::Array(items) => items.iter_mut().for_each(|item| substitute(item, ids)),
        _ => {}
    }
}

fn walk(value: &::serde_json::Value, ids: &mut ::std::collections::BTreeMap<::std::string::String, ::std::string::String>) {
    match value {
        ::serde_json::Value::Object(members) => {
            for (key, member) in members {
                match member {
                    ::serde_json::Value::String(id) if key.ends_with("_id") && !id.is_empty() => {
                        ids.entry(key.clone()).or_insert_with(|| id.clone());
                    }
                    member => walk(member, ids),
                }
            }
        }
        ::serde_json::Value::Array(items) => items.iter().for_each(|item| walk(item, ids)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[test]
    fn the_first_id_of_each_name_in_the_answers_is_kept() {
        let mut ids = BTreeMap::new();
        walk(&json!({"pets": [{"pet_id": "p1", "owner": {"owner_id": "o1"}}, {"pet_id": "p2"}], "name_id": "", "count_id": 3}), &mut ids);
        walk(&json!({"pet": {"pet_id": "p3", "toy_id": "t1"}}), &mut ids);
        let expected: BTreeMap<String, String> =
            [("owner_id", "o1"), ("pet_id", "p1"), ("toy_id", "t1")].into_iter().map(|(key, id)| (key.to_owned(), id.to_owned())).collect();
        assert_eq!(ids, expected, "an empty id and one that is not a string are not kept; a later one does not replace the first");
    }

    #[test]
    fn a_later_request_names_the_ids_the_answers_held_in_place_of_the_examples() {
        let ids: BTreeMap<String, String> =
            [("pet_id", "p1"), ("owner_id", "o1")].into_iter().map(|(key, id)| (key.to_owned(), id.to_owned())).collect();
        let mut request = json!({
            "pet_id": "example-pet",
            "pet_ids": ["example-1", "example-2"],
            "filter": {"owner_id": "example-owner", "toy_id": "example-toy"},
            "batch": [{"pet_id": "example-pet"}],
            "name": "pet_id",
        });
        substitute(&mut request, &ids);
        assert_eq!(
            request,
            json!({
                "pet_id": "p1",
                "pet_ids": ["p1", "p1"],
                "filter": {"owner_id": "o1", "toy_id": "example-toy"},
                "batch": [{"pet_id": "p1"}],
                "name": "pet_id",
            })
        );
    }
}
