//! The quickstart program (`examples/quickstart`), run as it is against
//! Seam's fake server: what the README shows a newcomer works. It is its
//! own test binary because it reads its settings from the environment.

#[path = "../examples/quickstart/src/main.rs"]
mod quickstart;

#[test]
fn the_quickstart_runs_against_the_fake() {
    let fake = tests::fake_seam();
    // The only test of this binary sets the variables `Client::from_env` reads.
    std::env::set_var("SEAM_API_KEY", tests::FAKE_API_KEY);
    std::env::set_var("SEAM_ENDPOINT", &fake.url);
    if let Err(error) = quickstart::main() {
        panic!("the quickstart failed against the fake: {error}");
    }
}
