using ComplianceBot.Core.Conversations;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceBot.IntegrationTests.Host;

/// <summary>The host's conversations and their actions, as composed for real.</summary>
public sealed class ActionRegistrationTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void The_host_refuses_to_start_when_two_conversations_register_the_same_action_id()
    {
        using var factory = new ComplianceBotFactory(folder.Path).WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<IConversation>(new SecondRiskForm())));
        var refused = Assert.Throws<InvalidOperationException>(() => factory.Services);
        Assert.Equal(
            "The action id 'risk.open' is registered twice, by RiskConversation and by SecondRiskForm. Each action has exactly one handler; rename one of them.",
            refused.Message);
    }

    [Fact]
    public void The_router_of_the_host_reads_the_one_registry_holding_every_typed_command()
    {
        using var factory = new ComplianceBotFactory(folder.Path);
        var registry = factory.Services.GetRequiredService<ActionRegistry>();
        Assert.Same(registry, factory.Services.GetRequiredService<ConversationRouter>().Actions);
        Assert.Equal(
            ["risk", "review", "done", "nonconformity", "nc", "evidence", "attest", "tasks", "status", "run", "subscribe", "unsubscribe", "digest", "help"],
            registry.Commands.Select(c => c.Word));
    }

    private sealed class SecondRiskForm : IConversation
    {
        public IEnumerable<ChatAction> Actions =>
            [new(RiskConversation.OpenAction, OpensForm: true, (_, _) => throw new InvalidOperationException("not called"))];
    }
}
