using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.IntegrationTests.Storage;

internal static class InboxReading
{
    /// <summary>Every item the inbox holds, in any state, by id.</summary>
    public static async Task<List<Stored<InboxItem>>> AllAsync(this IInbox inbox)
    {
        var all = new List<Stored<InboxItem>>();
        foreach (var state in Enum.GetValues<InboxState>()) all.AddRange(await inbox.ListAsync(state, int.MaxValue));
        return [.. all.OrderBy(i => i.Document.Id, StringComparer.Ordinal)];
    }
}
