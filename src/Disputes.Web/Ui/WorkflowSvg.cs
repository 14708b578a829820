using System.Globalization;
using System.Net;
using System.Text;
using Disputes.Workflows.Definitions;

namespace Disputes.Web.Ui;

/// <summary>
/// Draws a workflow definition as SVG on the server: activities in layers (breadth-first from the start), edges
/// labelled with their outcome, back edges curved on the right. Visited activities and the edges between them are
/// highlighted (the path taken); current ones are outlined.
/// </summary>
public static class WorkflowSvg
{
    private const int BoxWidth = 168, BoxHeight = 40, ColumnGap = 28, RowGap = 46, Margin = 20;

    public static string Render(WorkflowDefinition definition, IReadOnlySet<string> visited, IReadOnlySet<string> current, string title) =>
        Draw(definition, visited, current, title).Svg;

    /// <summary>The SVG and its natural size in pixels (a page zooms it by scaling that size).</summary>
    public static (string Svg, double Width, double Height) Draw(WorkflowDefinition definition, IReadOnlySet<string> visited, IReadOnlySet<string> current, string title)
    {
        var layer = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        var queue = new Queue<string>();
        layer[definition.Start.Id] = 0;
        queue.Enqueue(definition.Start.Id);
        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            order.Add(id);
            foreach (var t in definition[id].Transitions)
            {
                if (!definition.Contains(t.Target) || layer.ContainsKey(t.Target)) continue;
                layer[t.Target] = layer[id] + 1;
                queue.Enqueue(t.Target);
            }
        }
        foreach (var a in definition.Activities.Where(a => !layer.ContainsKey(a.Id)))
        {
            layer[a.Id] = layer.Values.DefaultIfEmpty(0).Max() + 1;
            order.Add(a.Id);
        }
        var rows = order.GroupBy(id => layer[id]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var columns = Math.Max(1, rows.Max(r => r.Count));
        var width = Margin * 2 + columns * BoxWidth + (columns - 1) * ColumnGap + 200;
        var height = Margin * 2 + rows.Count * BoxHeight + (rows.Count - 1) * RowGap;
        var position = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var rowWidth = row.Count * BoxWidth + (row.Count - 1) * ColumnGap;
            var left = Margin + (columns * BoxWidth + (columns - 1) * ColumnGap - rowWidth) / 2.0;
            for (var c = 0; c < row.Count; c++) position[row[c]] = (left + c * (BoxWidth + ColumnGap), Margin + r * (BoxHeight + RowGap));
        }

        var gutter = Margin + columns * BoxWidth + (columns - 1) * ColumnGap + 30.0;
        var backEdges = 0;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"wf-title\" class=\"workflow-diagram\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">");
        svg.Append("<title id=\"wf-title\">").Append(Esc(title)).Append("</title>");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker>");
        svg.Append("<marker id=\"arrow-taken\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#1565c0\"/></marker></defs>");
        foreach (var a in definition.Activities)
        {
            if (!position.TryGetValue(a.Id, out var from)) continue;
            foreach (var t in a.Transitions.GroupBy(t => t.Target).Select(g => (Target: g.Key, Label: string.Join(" / ", g.Select(x => x.Outcome).Where(o => o is not "next" and not "done" and not ""))))) 
            {
                if (!position.TryGetValue(t.Target, out var to)) continue;
                var taken = visited.Contains(a.Id) && visited.Contains(t.Target);
                var stroke = taken ? "#1565c0" : "#777";
                var strokeWidth = taken ? 2.5 : 1.2;
                var marker = taken ? "arrow-taken" : "arrow";
                string path;
                (double X, double Y) p0, p1, p2, p3;
                if (layer[t.Target] > layer[a.Id])
                {
                    p0 = (from.X + BoxWidth / 2.0, from.Y + BoxHeight);
                    p3 = (to.X + BoxWidth / 2.0, to.Y);
                    (p1, p2) = ((p0.X, p0.Y + RowGap / 2.0), (p3.X, p3.Y - RowGap / 2.0));
                }
                else if (layer[t.Target] == layer[a.Id])
                {
                    // Same row: an arc below the two boxes.
                    p0 = (from.X + BoxWidth / 2.0 + (to.X > from.X ? 20 : -20), from.Y + BoxHeight);
                    p3 = (to.X + BoxWidth / 2.0 + (to.X > from.X ? -20 : 20), to.Y + BoxHeight);
                    (p1, p2) = ((p0.X, p0.Y + RowGap * 0.7), (p3.X, p3.Y + RowGap * 0.7));
                }
                else
                {
                    // Back edges bulge into a gutter right of the widest row, each a little further out.
                    var bulge = gutter + 14 * (backEdges++ % 8);
                    p0 = (from.X + BoxWidth, from.Y + BoxHeight / 2.0);
                    p3 = (to.X + BoxWidth, to.Y + BoxHeight / 2.0);
                    (p1, p2) = ((bulge, p0.Y), (bulge, p3.Y));
                }
                path = F($"M{p0.X},{p0.Y} C{p1.X},{p1.Y} {p2.X},{p2.Y} {p3.X},{p3.Y}");
                // The label sits on its line: the curve's own midpoint (t = 0.5), with a white halo so the line does not cross the text.
                var lx = 0.125 * p0.X + 0.375 * p1.X + 0.375 * p2.X + 0.125 * p3.X;
                var ly = 0.125 * p0.Y + 0.375 * p1.Y + 0.375 * p2.Y + 0.125 * p3.Y;
                var edge = Esc(a.Id + ">" + t.Target);
                svg.Append(F($"<path d=\"{path}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{strokeWidth}\" marker-end=\"url(#{marker})\" data-edge=\"{edge}\"/>"));
                if (t.Label.Length > 0)
                    svg.Append(F($"<text x=\"{lx:0.#}\" y=\"{ly + 3.5:0.#}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#333\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\" data-edge-label=\"{edge}\">")).Append(Esc(t.Label)).Append("</text>");
            }
        }
        foreach (var (id, (x, y)) in position)
        {
            var a = definition[id];
            var isCurrent = current.Contains(id);
            var isVisited = visited.Contains(id);
            var fill = isCurrent ? "#fff3e0" : isVisited ? "#e3f2fd" : "#ffffff";
            var stroke = isCurrent ? "#e65100" : isVisited ? "#1565c0" : "#9e9e9e";
            var state = isCurrent ? "current" : isVisited ? "visited" : "not-visited";
            svg.Append(F($"<g class=\"activity {state}\" data-activity=\"{Esc(id)}\" data-state=\"{state}\"><title>{Esc(id)} ({Esc(a.Type)}): {state}</title>"));
            svg.Append(F($"<rect x=\"{x}\" y=\"{y}\" width=\"{BoxWidth}\" height=\"{BoxHeight}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{(isCurrent ? 3 : 1.5)}\"/>"));
            svg.Append(F($"<text x=\"{x + BoxWidth / 2.0}\" y=\"{y + 17}\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"600\" fill=\"#111\">")).Append(Esc(id)).Append("</text>");
            svg.Append(F($"<text x=\"{x + BoxWidth / 2.0}\" y=\"{y + 32}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#444\">")).Append(Esc(a.Type)).Append("</text></g>");
        }
        svg.Append("</svg>");
        return (svg.ToString(), width, height);
    }

    private static string Esc(string s) => WebUtility.HtmlEncode(s);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
