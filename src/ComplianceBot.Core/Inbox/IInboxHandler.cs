using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Inbox;

/// <summary>Processes accepted inbound events of one platform (Teams activities, Slack events).</summary>
public interface IInboxHandler
{
    string Platform { get; }

    Task HandleAsync(InboxItem item, CancellationToken cancellationToken);
}
