using ComplianceBot.Core.Conversations;

namespace ComplianceBot.Tests.Support;

/// <summary>A conversation's actions, each noting its id in <paramref name="reached"/> before running the real handler.</summary>
public sealed class RecordingConversation(IConversation inner, ICollection<string> reached) : IConversation
{
    public IEnumerable<ChatAction> Actions => inner.Actions.Select(action => action with
    {
        Handler = (request, cancellationToken) =>
        {
            reached.Add(action.Id);
            return action.Handler(request, cancellationToken);
        },
    });
}
