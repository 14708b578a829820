using System.Globalization;
using System.Net;
using System.Text;

namespace Disputes.Web.Ui;

/// <summary>Small accessible bar charts drawn as SVG on the server (a title, a legend, a value on every bar).</summary>
public static class SvgCharts
{
    private static readonly string[] Palette = ["#1565c0", "#2e7d32", "#c62828", "#6a1b9a", "#ef6c00", "#00838f", "#4e342e", "#37474f", "#ad1457"];

    public sealed record Series(string Name, IReadOnlyList<double> Values);

    /// <summary>Stacked bars: one bar per category (e.g. month), one colour per series.</summary>
    public static string StackedBars(string id, string title, IReadOnlyList<string> categories, IReadOnlyList<Series> series, string unit = "")
    {
        const int barWidth = 46, gap = 26, chartHeight = 180, left = 48, top = 16, legendRow = 18;
        var totals = categories.Select((_, i) => series.Sum(s => s.Values[i])).ToList();
        var max = Math.Max(1, totals.DefaultIfEmpty(0).Max());
        var width = Math.Max(320, left + categories.Count * (barWidth + gap) + 20);
        var legendHeight = (series.Count + 1) * legendRow;
        var height = top + chartHeight + 30 + legendHeight;
        var svg = new StringBuilder();
        svg.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-t\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" data-chart=\"{id}\">"));
        svg.Append(F($"<title id=\"{id}-t\">{Esc(title)}</title>"));
        svg.Append(F($"<line x1=\"{left}\" y1=\"{top + chartHeight}\" x2=\"{width - 10}\" y2=\"{top + chartHeight}\" stroke=\"#333\"/>"));
        svg.Append(F($"<text x=\"{left - 6}\" y=\"{top + 10}\" text-anchor=\"end\" font-size=\"11\">{Fmt(max)}{Esc(unit)}</text>"));
        svg.Append(F($"<text x=\"{left - 6}\" y=\"{top + chartHeight}\" text-anchor=\"end\" font-size=\"11\">0</text>"));
        for (var i = 0; i < categories.Count; i++)
        {
            var x = left + 10 + i * (barWidth + gap);
            var y = (double)(top + chartHeight);
            for (var s = 0; s < series.Count; s++)
            {
                var v = series[s].Values[i];
                if (v <= 0) continue;
                var h = v / max * chartHeight;
                y -= h;
                svg.Append(F($"<rect x=\"{x}\" y=\"{y:0.#}\" width=\"{barWidth}\" height=\"{h:0.#}\" fill=\"{Palette[s % Palette.Length]}\"><title>{Esc(categories[i])}: {Esc(series[s].Name)} {Fmt(v)}{Esc(unit)}</title></rect>"));
            }
            svg.Append(F($"<text x=\"{x + barWidth / 2}\" y=\"{y - 4:0.#}\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"600\">{Fmt(totals[i])}</text>"));
            svg.Append(F($"<text x=\"{x + barWidth / 2}\" y=\"{top + chartHeight + 16}\" text-anchor=\"middle\" font-size=\"11\">{Esc(categories[i])}</text>"));
        }
        for (var s = 0; s < series.Count; s++)
        {
            var y = top + chartHeight + 30 + s * legendRow;
            svg.Append(F($"<rect x=\"{left}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{Palette[s % Palette.Length]}\"/>"));
            svg.Append(F($"<text x=\"{left + 18}\" y=\"{y + 11}\" font-size=\"12\">{Esc(series[s].Name)} ({Fmt(series[s].Values.Sum())}{Esc(unit)})</text>"));
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Fmt(double v) => v.ToString(v % 1 == 0 ? "0" : "0.#", CultureInfo.InvariantCulture);

    private static string Esc(string s) => WebUtility.HtmlEncode(s);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
