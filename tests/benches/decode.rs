//! How fast a large response decodes into the generated types, against
//! decoding the same bytes into `serde_json::Value`.
//!
//! The body is a `devices/list` response of 10 000 devices, built from the
//! devices Seam's fake server returns (`tests/data/fake/devices_list.json`)
//! with distinct ids. The typed side decodes the way the client does when
//! a body is valid (`serde_json::from_slice`; only a body that fails is
//! decoded again through `serde_path_to_error`, to name the field).
//!
//! Run by `cargo xtask bench` (`cargo bench -p tests --bench decode`), which
//! reads the `name: value` lines it prints. Without `--bench` (as `cargo
//! test` runs benches), it is a quick smoke run of 500 devices.

use std::time::{Duration, Instant};

use seam_connect::types::devices;

fn body(n_devices: usize) -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/fake/devices_list.json");
    let text = std::fs::read_to_string(path).expect("tests/data/fake/devices_list.json");
    let mut sample: serde_json::Value = serde_json::from_str(&text).expect("the sample is JSON");
    let devices = sample["devices"].as_array().cloned().expect("a list of devices");
    let many: Vec<serde_json::Value> = (0..n_devices)
        .map(|index| {
            let mut device = devices[index % devices.len()].clone();
            device["device_id"] = serde_json::Value::String(format!("8d1b4d9c-0000-4000-8000-{index:012}"));
            device
        })
        .collect();
    sample["devices"] = serde_json::Value::Array(many);
    serde_json::to_vec(&sample).expect("serializes")
}

/// The median time of `runs` runs of `f`, after one run to warm up.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let (n_devices, runs) = if full { (10_000, 15) } else { (500, 3) };
    let bytes = body(n_devices);
    let typed = median(runs, || {
        let decoded: devices::ListResponse = serde_json::from_slice(&bytes).expect("the body decodes");
        assert_eq!(decoded.devices.len(), n_devices);
    });
    let value = median(runs, || {
        let decoded: serde_json::Value = serde_json::from_slice(&bytes).expect("the body is JSON");
        assert_eq!(decoded["devices"].as_array().map(Vec::len), Some(n_devices));
    });
    println!("decode_body_mb: {:.1}", bytes.len() as f64 / 1e6);
    println!("decode_items: {n_devices}");
    println!("decode_typed_seconds: {:.4}", typed.as_secs_f64());
    println!("decode_value_seconds: {:.4}", value.as_secs_f64());
    println!("decode_typed_over_value: {:.2}", typed.as_secs_f64() / value.as_secs_f64());
}
