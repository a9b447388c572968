using ScottPlot;
using SkiaSharp;

namespace ComplianceBot.Host.Charts;

/// <summary>
/// The charts' typeface, DejaVu Sans, shipped in the host's output (Charts/Fonts) and given to ScottPlot under a
/// family name of our own, so text is drawn the same on every machine and in a container without system fonts.
/// </summary>
internal static class ChartFont
{
    /// <summary>Not a name any system font has: ScottPlot asks the system first, and must find nothing there.</summary>
    public const string Family = "ComplianceBot Sans";

    public static readonly string FilePath = Path.Combine(AppContext.BaseDirectory, "Charts", "Fonts", "DejaVuSans.ttf");

    private static readonly Lazy<SKTypeface> Loaded = new(Load);

    /// <summary>The typeface read from <see cref="FilePath"/>; every style of <see cref="Family"/> resolves to it.</summary>
    public static SKTypeface Typeface => Loaded.Value;

    /// <summary>The family name to give ScottPlot; loads and registers the shipped file the first time.</summary>
    public static string Name
    {
        get
        {
            _ = Loaded.Value;
            return Family;
        }
    }

    private static SKTypeface Load()
    {
        var typeface = File.Exists(FilePath) ? SKTypeface.FromFile(FilePath) : null;
        if (typeface is null)
        {
            throw new FileNotFoundException(
                $"The chart font is missing or unreadable: {FilePath}. It ships in ComplianceBot.Host's output (Charts/Fonts).", FilePath);
        }

        Fonts.FontResolvers.Add(new Resolver(typeface));
        return typeface;
    }

    /// <summary>One file for every weight and slant: bold titles are drawn regular rather than in a system font.</summary>
    private sealed class Resolver(SKTypeface typeface) : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            fontName == Family ? typeface : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => fontName == Family ? typeface : null;
    }
}
