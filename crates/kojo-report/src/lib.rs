//! kojo-report: Renderers: text, SARIF, CSV, XLSX, HTML report, zone diagram.
