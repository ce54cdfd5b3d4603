//! Prints the Markdown spec of the orders fixture (`server/tests/fixtures/orders-platform.json`)
//! for a look: `cargo run -p report --example orders_spec`. What the spec must hold is tested in
//! `src/tests.rs` (`the_orders_spec_*`); this only shows it.

fn main() {
    let text = include_str!("../../../server/tests/fixtures/orders-platform.json");
    let d = match design::parse(text.as_bytes()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("the orders fixture is not a valid design: {e}");
            std::process::exit(2);
        }
    };
    println!(
        "{}",
        report::markdown::spec(&d, &analysis::analyze(&d), &report::Links::none())
    );
}
