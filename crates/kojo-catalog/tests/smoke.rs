#[test]
fn embedded_loads() {
    match kojo_catalog::Catalog::embedded() {
        Ok(c) => println!(
            "{} threats {} measures",
            c.threats().len(),
            c.measures().len()
        ),
        Err(e) => panic!("{e}"),
    }
}
