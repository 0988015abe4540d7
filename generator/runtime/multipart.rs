//! `multipart/form-data` bodies: files as bytes, other fields as text or JSON.

use std::fmt;

use super::error::Error;

/// A file sent as one part of a `multipart/form-data` body: its bytes, and
/// the file name and media type the part declares. Fields the spec marks as
/// binary (`format: binary`, Swagger's `type: file`) take one:
/// `Upload::new(png).file_name("cat.png").content_type("image/png")`, or
/// `Upload::from(bytes)`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Upload {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl Upload {
    /// A file of these bytes, sent with no file name as
    /// `application/octet-stream` unless the builder methods say otherwise.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Upload {
        Upload { bytes: bytes.into(), file_name: None, content_type: None }
    }

    /// The file name the part declares (`filename=` of its `Content-Disposition`).
    pub fn file_name(mut self, file_name: impl Into<String>) -> Upload {
        self.file_name = Some(file_name.into());
        self
    }

    /// The media type of the part (`Content-Type`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Upload {
        self.content_type = Some(content_type.into());
        self
    }

    /// The bytes of the file.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// Shows the size and the declared name and type, not the bytes.
impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Upload {
        Upload::new(bytes)
    }
}

impl From<&[u8]> for Upload {
    fn from(bytes: &[u8]) -> Upload {
        Upload::new(bytes)
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Upload {
        Upload::new(text.into_bytes())
    }
}

impl From<&str> for Upload {
    fn from(text: &str) -> Upload {
        Upload::new(text.as_bytes())
    }
}

/// The bytes, as `serde` bytes: an upload is sent as a part of its own,
/// never as JSON, so this only serves `Serialize` of the struct around it.
impl serde::Serialize for Upload {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.bytes)
    }
}

/// From text (its UTF-8 bytes) or a list of bytes.
impl<'de> serde::Deserialize<'de> for Upload {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Upload, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Upload;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the contents of a file, as text or bytes")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Upload, E> {
                Ok(Upload::from(text))
            }

            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Upload, E> {
                Ok(Upload::from(bytes))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut items: A) -> Result<Upload, A::Error> {
                let mut bytes = Vec::new();
                while let Some(byte) = items.next_element::<u8>()? {
                    bytes.push(byte);
                }
                Ok(Upload::new(bytes))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The files of one field: one upload, an optional one, or a list.
pub(crate) trait Uploads {
    /// Calls `each` with every upload of the field.
    fn for_each_upload(&self, each: &mut dyn FnMut(&Upload));
}

impl Uploads for Upload {
    fn for_each_upload(&self, each: &mut dyn FnMut(&Upload)) {
        each(self);
    }
}

impl<T: Uploads> Uploads for Option<T> {
    fn for_each_upload(&self, each: &mut dyn FnMut(&Upload)) {
        if let Some(value) = self {
            value.for_each_upload(each);
        }
    }
}

impl<T: Uploads> Uploads for Vec<T> {
    fn for_each_upload(&self, each: &mut dyn FnMut(&Upload)) {
        for value in self {
            value.for_each_upload(each);
        }
    }
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    /// A string, sent as `text/plain`.
    Text { name: String, text: String },
    /// Any other value, sent as `application/json`.
    Json { name: String, json: String },
    /// A file.
    File { name: String, upload: Upload },
}

/// The parts of a multipart body, in the order of its fields.
#[derive(Debug, Default)]
pub(crate) struct Parts {
    parts: Vec<Part>,
}

/// A struct sent as a multipart body (a generated impl for each such
/// request type): its fields, files as their bytes.
pub(crate) trait MultipartBody {
    /// The parts of the body.
    fn parts(&self) -> Result<Parts, Error>;
}

impl Parts {
    /// Adds the field `name` of any serializable value: nothing for `null`,
    /// a part per item of a list, strings as text, other values as JSON.
    pub(crate) fn value<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Error> {
        let value = serde_json::to_value(value)
            .map_err(|err| Error::Config(format!("the multipart field `{name}` cannot be serialized: {err}")))?;
        self.json_value(name, value);
        Ok(())
    }

    /// Adds each property of `value`, an object, as a field (flattened
    /// fields, additional properties).
    pub(crate) fn members<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        for (name, value) in fields_of(value)? {
            self.json_value(&name, value);
        }
        Ok(())
    }

    /// Adds the files of the field `name`, a part each.
    pub(crate) fn upload(&mut self, name: &str, uploads: &dyn Uploads) {
        uploads.for_each_upload(&mut |upload| self.parts.push(Part::File { name: name.to_owned(), upload: upload.clone() }));
    }

    fn json_value(&mut self, name: &str, value: serde_json::Value) {
        let items = match value {
            serde_json::Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            let name = name.to_owned();
            match item {
                serde_json::Value::Null => {}
                serde_json::Value::String(text) => self.parts.push(Part::Text { name, text }),
                other => self.parts.push(Part::Json { name, json: other.to_string() }),
            }
        }
    }

    /// The parts of any serializable object: a part per property (and per
    /// item of a list), strings as text, other values as JSON.
    pub(crate) fn of_object<T: serde::Serialize + ?Sized>(body: &T) -> Result<Parts, Error> {
        let mut parts = Parts::default();
        parts.members(body)?;
        Ok(parts)
    }

    /// The body: its `Content-Type` (with the boundary) and its bytes.
    pub(crate) fn encode(&self, boundary: &str) -> (String, Vec<u8>) {
        // Quotes and line breaks cannot end a header value early.
        let quoted = |text: &str| text.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A");
        let mut bytes = Vec::new();
        for part in &self.parts {
            let (name, file_name, content_type, body) = match part {
                Part::Text { name, text } => (name, None, "text/plain; charset=utf-8", text.as_bytes()),
                Part::Json { name, json } => (name, None, "application/json", json.as_bytes()),
                Part::File { name, upload } => (
                    name,
                    upload.file_name.as_deref(),
                    upload.content_type.as_deref().unwrap_or("application/octet-stream"),
                    upload.bytes(),
                ),
            };
            let content_type: String = content_type.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
            let mut disposition = format!("form-data; name=\"{}\"", quoted(name));
            if let Some(file_name) = file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
            }
            bytes.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: {disposition}\r\nContent-Type: {content_type}\r\n\r\n").as_bytes());
            bytes.extend_from_slice(body);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), bytes)
    }
}

/// The properties of a form or multipart body, which must be an object.
pub(crate) fn fields_of<T: serde::Serialize + ?Sized>(body: &T) -> Result<serde_json::Map<String, serde_json::Value>, Error> {
    match serde_json::to_value(body) {
        Ok(serde_json::Value::Object(fields)) => Ok(fields),
        Ok(other) => Err(Error::Config(format!("a form body must be an object, not `{other}`"))),
        Err(err) => Err(Error::Config(format!("the request body cannot be serialized: {err}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request type as the generator writes one for a multipart body.
    struct Photo {
        title: String,
        tags: Option<Vec<String>>,
        meta: serde_json::Value,
        file: Upload,
        extra: Option<Vec<Upload>>,
    }

    impl MultipartBody for Photo {
        fn parts(&self) -> Result<Parts, Error> {
            let mut parts = Parts::default();
            parts.value("title", &self.title)?;
            parts.value("tags", &self.tags)?;
            parts.value("meta", &self.meta)?;
            parts.upload("file", &self.file);
            parts.upload("extra", &self.extra);
            Ok(parts)
        }
    }

    #[test]
    fn files_are_sent_as_their_bytes() {
        // Bytes that are not UTF-8, and a CRLF inside the file.
        let png: Vec<u8> = vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, 0x00, 0xff];
        let photo = Photo {
            title: "cat".to_owned(),
            tags: Some(vec!["a".to_owned(), "b".to_owned()]),
            meta: serde_json::json!({ "w": 1 }),
            file: Upload::new(png.clone()).file_name("cat \"1\".png").content_type("image/png"),
            extra: Some(vec![Upload::from("plain text")]),
        };
        let (content_type, body) = photo.parts().unwrap().encode("XYZ");
        assert_eq!(content_type, "multipart/form-data; boundary=XYZ");
        let mut expected = Vec::new();
        for (headers, bytes) in [
            ("Content-Disposition: form-data; name=\"title\"\r\nContent-Type: text/plain; charset=utf-8", b"cat".to_vec()),
            ("Content-Disposition: form-data; name=\"tags\"\r\nContent-Type: text/plain; charset=utf-8", b"a".to_vec()),
            ("Content-Disposition: form-data; name=\"tags\"\r\nContent-Type: text/plain; charset=utf-8", b"b".to_vec()),
            ("Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json", b"{\"w\":1}".to_vec()),
            ("Content-Disposition: form-data; name=\"file\"; filename=\"cat %221%22.png\"\r\nContent-Type: image/png", png),
            ("Content-Disposition: form-data; name=\"extra\"\r\nContent-Type: application/octet-stream", b"plain text".to_vec()),
        ] {
            expected.extend_from_slice(format!("--XYZ\r\n{headers}\r\n\r\n").as_bytes());
            expected.extend_from_slice(&bytes);
            expected.extend_from_slice(b"\r\n");
        }
        expected.extend_from_slice(b"--XYZ--\r\n");
        assert_eq!(body, expected, "{}", String::from_utf8_lossy(&body));
    }

    #[test]
    fn an_absent_optional_file_sends_no_part() {
        let photo = Photo { title: String::new(), tags: None, meta: serde_json::Value::Null, file: Upload::default(), extra: None };
        let (_, body) = photo.parts().unwrap().encode("B");
        let text = String::from_utf8_lossy(&body);
        assert_eq!(text.matches("Content-Disposition").count(), 2, "{text}");
        assert!(!text.contains("name=\"extra\""), "{text}");
    }

    #[test]
    fn uploads_decode_from_text_or_bytes_and_hide_their_bytes() {
        let upload: Upload = serde_json::from_str("\"hello\"").unwrap();
        assert_eq!(upload.bytes(), b"hello");
        let upload: Upload = serde_json::from_str("[0, 255]").unwrap();
        assert_eq!(upload.bytes(), [0, 255]);
        let shown = format!("{:?}", Upload::new(vec![7; 10]).file_name("a.bin"));
        assert_eq!(shown, "Upload { bytes: 10 bytes, file_name: Some(\"a.bin\"), content_type: None }");
    }
}
