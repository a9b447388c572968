using System.Globalization;
using ComplianceBot.Benchmarks.Teams;

namespace ComplianceBot.Benchmarks.Endpoints;

/// <summary>One measured run of one target: its load, when every reply was delivered, and the CPU it took.</summary>
internal sealed record EndpointResult(
    string Name, TargetRole Role, int Round, LoadResult Load, TimeSpan Answered, TimeSpan EndToEnd, double RepliesPerRequest, TimeSpan Cpu,
    bool ExactlyOne, int TextOnlyReplies, WarmUpReport WarmUp)
{
    public double CpuMsPerRequest => Cpu.TotalMilliseconds / Load.Requests;

    /// <summary>Requests per second until the last reply was delivered (until the last answer for a target without replies).</summary>
    public double EndToEndPerSecond => Load.Requests / EndToEnd.TotalSeconds;

    /// <summary>How long the replies still queued when the last request was answered took to go out.</summary>
    public TimeSpan Drain => EndToEnd - Answered;

    public void Print()
    {
        Console.WriteLine($"  {WarmUp}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {Name,-14} CPU {CpuMsPerRequest,6:F3} ms/req  end-to-end {EndToEndPerSecond,7:F0}/s  answered {Load.PerSecond,7:F0} req/s  " +
            $"p50 {Load.Percentile(0.50),6:F2} ms  p99 {Load.Percentile(0.99),7:F2} ms  drain {Drain.TotalSeconds,5:F2} s  " +
            $"replies/req {(Role == TargetRole.Bare ? "n/a" : RepliesPerRequest.ToString("F3", CultureInfo.InvariantCulture))}  failures {Load.Failures}  text-only replies {TextOnlyReplies}"));
    }
}
