using ComplianceBot.Core.Delivery;
using Microsoft.Extensions.Logging;

namespace ComplianceBot.Channels;

/// <summary>What became of a turn's notices, by person id and reason (never content), the same for every platform.</summary>
internal static partial class NoticeLog
{
    public static void Report(ILogger logger, string platform, IReadOnlyList<NoticeOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            if (!outcome.Sent) LogSkipped(logger, platform, outcome.PersonId, outcome.Reason ?? "unknown");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Platform} turn: notice to {PersonId} skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string platform, string personId, string reason);
}
