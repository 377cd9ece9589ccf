//! `calvados-tools`: the macOS administration tools a Calvados prefix
//! provides, chosen by the name it is run as (being written).

fn main() {
    let name = std::env::args().next().unwrap_or_default();
    eprintln!("calvados-tools: {name}: not available yet");
    std::process::exit(2);
}
