import Foundation

/// The printout's style sheet: screen and print (A4 and Letter), no external assets.
enum HTMLStyle {
  static let css = """
    :root { --red: #b71c1c; --amber: #c77700; --green: #2e7d32; --grey: #6b6b6b;
      --ink: #1b1f24; --muted: #5b6470; --rule: #d5d9de; --wash: #f4f6f8; }
    * { box-sizing: border-box; }
    html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body { margin: 0; color: var(--ink); background: #e9ecef;
      font: 9.5pt/1.3 "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
    .sheet { max-width: 190mm; margin: 8mm auto; padding: 9mm 10mm; background: #fff; }
    h1 { margin: 0; font-size: 18pt; line-height: 1.15; }
    h1 .release { font-weight: 400; color: var(--muted); }
    h2 { margin: 0 0 1.2mm; font-size: 10pt; text-transform: uppercase; letter-spacing: .04em;
      color: var(--muted); border-bottom: 1px solid var(--rule); padding-bottom: .8mm; }
    section { margin-top: 2.2mm; }
    .top { display: flex; justify-content: space-between; align-items: stretch; gap: 6mm;
      border-bottom: 2px solid var(--ink); padding-bottom: 2.2mm; }
    .eyebrow { margin: 0 0 1mm; font-size: 8.5pt; text-transform: uppercase;
      letter-spacing: .08em; color: var(--muted); }
    .when { margin: 1.5mm 0 0; color: var(--muted); font-size: 8.5pt; }
    .verdict { min-width: 50mm; padding: 2mm 5mm; color: #fff; border-radius: 2mm;
      display: flex; flex-direction: column; justify-content: center; text-align: center; }
    .verdict strong { font-size: 24pt; line-height: 1.1; letter-spacing: .02em;
      white-space: nowrap; }
    .verdict strong.long { font-size: 17pt; padding: 1.2mm 0; }
    .verdict .label { font-size: 8pt; text-transform: uppercase; letter-spacing: .1em;
      opacity: .9; }
    .verdict.rag-red { background: var(--red); }
    .verdict.rag-amber { background: var(--amber); }
    .verdict.rag-green { background: var(--green); }
    .stats { display: flex; flex-wrap: wrap; gap: 1mm 4mm; list-style: none; margin: 1.8mm 0 0;
      padding: 0; font-size: 9pt; color: var(--muted); }
    .stats b { color: var(--ink); }
    .stats .why { margin-left: auto; color: var(--ink); font-weight: 600; }
    .rollups { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
    table { width: 100%; border-collapse: collapse; font-size: 8pt; }
    th { text-align: left; font-weight: 600; color: var(--muted); font-size: 7.6pt;
      border-bottom: 1px solid var(--rule); padding: .6mm 1.3mm; }
    td { vertical-align: top; border-bottom: 1px solid var(--rule); padding: .7mm 1.3mm;
      overflow-wrap: break-word; }
    tr { break-inside: avoid; }
    thead { display: table-header-group; }
    .n { text-align: right; white-space: nowrap; }
    .nowrap { white-space: nowrap; }
    .ids { color: var(--muted); font-size: 8pt; }
    .rollup td:first-child { white-space: nowrap; }
    .gate { width: 22%; }
    .issues { font-size: 7.8pt; }
    .issues td { padding: .6mm 1.2mm; }
    .issues td:nth-child(1) { width: 3%; }
    .issues td:nth-child(2) { width: 24%; }
    .issues td:nth-child(3) { width: 10%; }
    .issues td:nth-child(5) { width: 24%; }
    .findings { margin: 0; padding-left: 3.5mm; font-size: 7.5pt; }
    .findings .more { list-style: none; color: var(--muted); }
    .chip, .tag { display: inline-block; padding: 0 1.6mm; border-radius: 1mm; font-size: 7.5pt;
      font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: #fff;
      background: var(--grey); white-space: nowrap; }
    .rag-red { background: var(--red); }
    .rag-amber { background: var(--amber); }
    .rag-green { background: var(--green); }
    .rag-grey { background: var(--grey); }
    .tag { margin-top: .6mm; font-weight: 600; }
    .sev-blocker { background: var(--red); }
    .sev-major { background: var(--amber); }
    .sev-minor { background: var(--grey); }
    .others dl { margin: 0; font-size: 7.6pt; }
    .others dt { font-weight: 600; margin-top: .6mm; }
    .others dd { margin: 0; color: var(--muted); }
    .others dd b { color: var(--ink); font-weight: 600; }
    .meeting { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; break-inside: avoid; }
    .box { display: inline-block; width: 3.2mm; height: 3.2mm; border: 1.2px solid var(--ink);
      vertical-align: -.5mm; margin: 0 .8mm 0 3mm; }
    .choices { margin: 1mm 0 1.5mm; font-weight: 700; font-size: 9.5pt; white-space: nowrap; }
    .choices .box:first-child { margin-left: 0; }
    .fields th { border: 0; padding: 0 1mm 0 0; width: 1%; color: var(--ink); }
    .fields td { padding: 0; height: 5.5mm; border-bottom: 1px solid var(--ink); }
    .fields td.chair { width: 40%; }
    p.conditions { margin: 1.5mm 0 0; font-size: 8pt; font-weight: 600; }
    p.conditions.none { font-weight: 400; color: var(--muted); }
    ul.conditions { margin: .5mm 0 0; padding-left: 4mm; font-size: 8pt; }
    .notes-label { margin: 1.5mm 0 0; font-size: 8pt; font-weight: 600; }
    .notes span { display: block; height: 4.6mm; border-bottom: 1px solid var(--ink); }
    .rollcall td { border-bottom: 1px solid var(--rule); }
    .rollcall td.line { height: 6mm; border-bottom: 1px solid var(--ink); }
    .rollcall .sig { width: 40%; }
    .rollcall .ws { color: var(--muted); font-size: 7.5pt; }
    b.missing { color: var(--red); text-transform: uppercase; letter-spacing: .03em; }
    .clear { margin: 0; color: var(--green); font-weight: 600; }
    .mve { color: var(--muted); }
    .chart { display: block; width: 100%; height: auto; margin: 0 0 .5mm; }
    .chart text { font-size: 8px; fill: var(--ink); }
    .chart .day { fill: var(--muted); }
    .chart .lane { fill: var(--muted); font-style: italic; }
    .chart .phase.late, .chart .deadline-label { fill: var(--red); font-weight: 700; }
    .chart .tick { stroke: var(--rule); stroke-width: .6; }
    .chart .tick.week { stroke: #aab2bb; }
    .chart .deploy { fill: #81c784; }
    .chart .freeze { fill: #90a4ae; fill-opacity: .35; }
    .chart .freeze-label { fill: #455a64; font-size: 7px; }
    .chart .bake { fill: #37474f; }
    .chart .wait { fill: #b0bec5; }
    .chart .open { fill: #37474f; fill-opacity: .45; }
    .chart .start { fill: #37474f; }
    .chart .late { stroke: var(--red); stroke-width: 1.4; }
    .chart .deadline { stroke: var(--red); stroke-width: 1; stroke-dasharray: 3 2; }
    .chart .now { stroke: #1565c0; stroke-width: 1.4; }
    .chart .now-label { fill: #1565c0; font-weight: 700; }
    .legend { margin: 0 0 1mm; font-size: 7.5pt; color: var(--muted); }
    .key { display: inline-block; width: 4mm; height: 2.2mm; margin-left: 2mm;
      vertical-align: -.2mm; }
    .key:first-child { margin-left: 0; }
    .key.bake { background: #37474f; }
    .key.wait { background: #b0bec5; }
    .key.deploy { background: #81c784; }
    .key.freeze { background: #cfd8dc; }
    .key.now { width: .6mm; background: #1565c0; }
    .timeline tr.late td:first-child { color: var(--red); font-weight: 600; }
    .completion { margin: 1mm 0 0; font-size: 8pt; }
    .completion.late { color: var(--red); font-weight: 600; }
    footer { margin-top: 1.2mm; font-size: 7pt; color: var(--muted); text-align: right; }
    @page { margin: 8mm 9mm 8mm; }
    @media print {
      body { background: #fff; }
      .sheet { max-width: none; margin: 0; padding: 0; }
      h2 { break-after: avoid; }
      .timeline, .rollups > div { break-inside: avoid; }
    }
    """
}
