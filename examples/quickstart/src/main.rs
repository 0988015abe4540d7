//! The common calls of the Seam Connect crate.
//!
//! ```sh
//! SEAM_API_KEY=seam_… cargo run -p seam-quickstart
//! ```
//!
//! `SEAM_ENDPOINT` points it at another server, such as Seam's fake.

use seam_connect::types::{connected_accounts, devices, locks, RequestCustomMetadataValue};
use seam_connect::{Client, Error};

/// Public only so that the project's tests run it against Seam's fake.
#[tokio::main]
pub async fn main() -> Result<(), Error> {
    let seam = Client::from_env()?;

    let accounts = seam.connected_accounts().list(connected_accounts::ListRequest::default()).await?;
    println!("{} connected accounts", accounts.len());
    let Some(account) = accounts.first() else { return Ok(()) };

    let account = seam
        .connected_accounts()
        .get(connected_accounts::GetRequest::connected_account_id(&account.connected_account_id))
        .await?;
    println!("{}: {} ({} errors)", account.connected_account_id, account.display_name, account.errors.len());

    let metadata = [("source".to_owned(), Some(RequestCustomMetadataValue::String("quickstart".to_owned())))];
    let request = connected_accounts::UpdateRequest::new(&account.connected_account_id).custom_metadata(metadata);
    let updated = seam.connected_accounts().update(request).await?;
    println!("custom metadata now {:?}", updated.connected_account.custom_metadata);

    let devices = seam.devices().list(devices::ListRequest::default()).await?;
    for device in &devices {
        println!("device {} {}", device.device_id, device.display_name);
    }

    let lock = devices.iter().find(|device| device.capabilities_supported.iter().any(|capability| capability.as_str() == "lock"));
    if let Some(lock) = lock {
        let attempt = seam.locks().unlock_door(locks::UnlockDoorRequest::new(&lock.device_id)).await?;
        println!("unlock {}: {}", attempt.action_attempt_id().unwrap_or("?"), attempt.status().unwrap_or("?"));
    }
    Ok(())
}
