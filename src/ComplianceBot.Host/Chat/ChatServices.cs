using ComplianceBot.Channels.Slack;
using ComplianceBot.Channels.Teams;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Inbox;


namespace ComplianceBot.Host.Chat;

public static class ChatServices
{
    /// <summary>The conversations, the durable inbox and its worker, and the chat channels.</summary>
    public static WebApplicationBuilder AddChat(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<ChatPeople>();
        services.AddSingleton<ChoiceSearch>();
        // Each conversation declares its own actions (IConversation.Actions); the registry collects them. A new
        // action needs no line here, a new conversation one. The order is the help card's order.
        services.AddConversation<RiskConversation>();
        services.AddConversation<RiskReviewConversation>();
        services.AddConversation<NonconformityConversation>();
        services.AddConversation<EvidenceConversation>();
        services.AddConversation<EvidenceReviewConversation>();
        services.AddConversation<AttestationConversation>();
        services.AddConversation<NotApplicableApprovalConversation>();
        services.AddConversation<TasksConversation>();
        services.AddConversation<StatusConversation>();
        services.AddConversation<ReminderConversation>();
        services.AddConversation<DigestConversation>();
        services.AddConversation<HelpConversation>();
        services.AddSingleton<ActionRegistry>();
        services.AddHostedService<ActionRegistryCheck>();
        services.AddSingleton<ConversationRouter>();
        services.AddSingleton<DurableInbox>();
        // Chat__ProcessInbox=false makes an instance that only accepts (e.g. while another drains the inbox).
        if (builder.Configuration.GetValue("Chat:ProcessInbox", true)) services.AddHostedService<InboxWorker>();
        services.AddTeamsChannel(builder.Configuration);
        services.AddSlackChannel(builder.Configuration);
        return builder;
    }

    /// <summary>The conversation as itself (jobs use some directly) and as one of the registry's sources of actions.</summary>
    private static void AddConversation<T>(this IServiceCollection services)
        where T : class, IConversation
    {
        services.AddSingleton<T>();
        services.AddSingleton<IConversation>(provider => provider.GetRequiredService<T>());
    }
}
