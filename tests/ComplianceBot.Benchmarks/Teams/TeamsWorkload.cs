using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ComplianceBot.Benchmarks.Endpoints;
using ComplianceBot.Fakes;

namespace ComplianceBot.Benchmarks.Teams;

/// <summary>
/// The mixed workload as Teams sends it: signed message activities (typed commands; attestation answers as the
/// card's Action.Submit, whose answered card replaces the card in place). Every target gets the same activities.
/// A local Bot Connector receives the replies, keyed by the activity they answer.
/// </summary>
internal sealed class TeamsWorkload(FakeBotConnector connector, string token, IReadOnlyList<string> controls) : IEndpointWorkload
{
    private const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private int newcomers;

    public int Delivered => connector.DeliveredCount;

    public static string UserId(int user) => $"29:bench-{user}";

    public HttpRequestMessage Request(EndpointTarget target, string phase, int index)
    {
        ArgumentNullException.ThrowIfNull(target);
        var id = $"{target.Name}-{phase}-{index}";
        var kind = WorkloadMix.KindOf(index);
        var user = WorkloadMix.UserOf(index, controls.Count);
        var (userId, name, conversation) = (UserId(user), $"Bench User {user}", $"a:{target.Name}-{user}");
        if (kind == TurnKind.FirstContact)
        {
            var newcomer = Interlocked.Increment(ref newcomers);
            (userId, name, conversation) = ($"29:new-{id}", $"Newcomer {newcomer}", $"a:new-{id}");
            connector.Emails[userId] = WorkloadMix.NewcomerEmail(newcomer);
        }

        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = id,
            ["timestamp"] = "2026-11-20T09:00:00.000Z",
            ["serviceUrl"] = connector.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = userId, ["name"] = name, ["aadObjectId"] = string.Create(CultureInfo.InvariantCulture, $"7faf8ab2-3d56-4244-b585-{user:D12}") },
            ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["id"] = conversation, ["tenantId"] = TenantId },
            ["recipient"] = new JsonObject { ["id"] = "28:" + LocalOpenIdIssuer.AppId, ["name"] = "ComplianceBot" },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
            ["locale"] = "en-US",
        };
        if (kind == TurnKind.AttestationAnswer)
        {
            // Action.Submit on the attestation card: the card's data with the inputs, in reply to the card's message.
            activity["replyToId"] = id;
            activity["value"] = new JsonObject { ["action"] = "attest.submit", ["controlId"] = controls[user], ["result"] = "operating", ["occurrences"] = "3", ["comment"] = "" }; // the count is read for event-driven controls
        }
        else
        {
            activity["text"] = WorkloadMix.Text(kind);
            activity["textFormat"] = "plain";
        }

        return new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
            Headers = { { "Authorization", token } },
        };
    }

    public bool ExactlyOneReplyEach(int requests)
    {
        var perActivity = connector.Delivered.GroupBy(c => c.ActivityId).ToList();
        return perActivity.Count == requests && perActivity.All(g => g.Key is not null && g.Count() == 1);
    }

    public int TextOnlyReplies() => connector.Delivered.Count(c => c.Card is null);

    public void Forget() => connector.Calls.Clear();
}
