using System.Globalization;

namespace ComplianceBot.Storage.Embedded;

/// <summary>
/// ETags for the embedded store and inbox: random per opening (so two processes, or two openings of one file,
/// never hand out the same tag), then counted, with no system call per tag.
/// </summary>
internal sealed class VersionTags
{
    private readonly string epoch = Guid.NewGuid().ToString("N")[..12];
    private long count;

    public string Next() => string.Create(CultureInfo.InvariantCulture, $"{epoch}-{Interlocked.Increment(ref count):x}");
}
