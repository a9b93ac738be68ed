#![no_main]

use libfuzzer_sys::fuzz_target;

// Any bytes through the SBOM reader, the advisory reader and the range/version readers:
// errors are fine, panics are not.
fuzz_target!(|data: &[u8]| {
    let _ = kojo_sbom::sbom::parse(data);
    let _ = kojo_sbom::advisory::parse_json(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let range = kojo_sbom::range::VersRange::parse(text);
        let _ = range.check("1.2.3");
        let _ = kojo_sbom::cpe::Cpe::parse(text);
        let mid = (0..=text.len() / 2)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        let (a, b) = text.split_at(mid);
        for s in [
            kojo_sbom::version::Scheme::Semver,
            kojo_sbom::version::Scheme::Pep440,
            kojo_sbom::version::Scheme::Debian,
            kojo_sbom::version::Scheme::Maven,
            kojo_sbom::version::Scheme::Generic,
        ] {
            let _ = s.compare(a, b);
        }
    }
});
