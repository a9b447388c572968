using ComplianceBot.Core.Conversations;

namespace ComplianceBot.Tests.Support;

/// <summary>A conversation that registers whatever actions a test gives it.</summary>
public sealed class ProbeConversation(params ChatAction[] actions) : IConversation
{
    public IEnumerable<ChatAction> Actions => actions;
}

/// <summary>Another, so a refusal can name two different conversations.</summary>
public sealed class OtherProbeConversation(params ChatAction[] actions) : IConversation
{
    public IEnumerable<ChatAction> Actions => actions;
}
