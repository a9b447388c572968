using System.Globalization;
using System.Text.Json.Nodes;

namespace ComplianceBot.Benchmarks.Endpoints;

/// <summary>What a person does in a request of the mixed workload.</summary>
internal enum TurnKind
{
    Help,
    Tasks,
    Status,
    AttestationAnswer,
    FirstContact,
}

/// <summary>
/// The mixed chat workload both endpoint benchmarks send, by request number, in blocks of twenty: two first
/// contacts (a user id never seen before, whose email belongs to a person in the store: member lookup, person read
/// and a write of the new chat identity and conversation reference), four attestation answers by the control's
/// owner (an attestation write and an audit event each), three "tasks", two "status" and nine "help".
/// </summary>
internal static class WorkloadMix
{
    /// <summary>People who write regularly, each from their own 1:1 chat; the first ones own a control each.</summary>
    public const int Users = 256;

    /// <summary>People in the store who first write during the benchmark (each again later, from another new account).</summary>
    public const int Newcomers = 1024;

    public const string Description = "per 20 requests: 2 first contacts, 4 attestation answers, 3 tasks, 2 status, 9 help";

    public static TurnKind KindOf(int index) => (index % 20) switch
    {
        0 or 1 => TurnKind.FirstContact,
        >= 2 and <= 5 => TurnKind.AttestationAnswer,
        >= 6 and <= 8 => TurnKind.Tasks,
        9 or 10 => TurnKind.Status,
        _ => TurnKind.Help,
    };

    /// <summary>The regular user who sends request <paramref name="index"/>; for an answer, the owner of the control answered.</summary>
    public static int UserOf(int index, int controls) =>
        KindOf(index) == TurnKind.AttestationAnswer ? ((index / 20 * 4) + (index % 20) - 2) % Math.Min(controls, Users) : index % Users;

    public static string Text(TurnKind kind) => kind switch
    {
        TurnKind.Tasks => "tasks",
        TurnKind.Status => "status",
        TurnKind.FirstContact => "hi",
        _ => "help",
    };

    public static string Email(int user) => $"bench-{user}@example.com";

    public static string NewcomerEmail(int newcomer) => $"newcomer-{newcomer % Newcomers}@example.com";

    /// <summary>The starter library's control ids, in its order (user k owns control k).</summary>
    public static IReadOnlyList<string> ControlIds(string root) =>
        (JsonNode.Parse(File.ReadAllText(Path.Combine(root, "src", "ComplianceBot.Core", "Library", "starter-controls.json")))!["controls"] as JsonArray ?? [])
            .Select(c => c!["id"]!.GetValue<string>()).ToList();

    /// <summary>The host's Bootstrap section for the workload's people and control owners.</summary>
    public static Dictionary<string, string> Bootstrap(IReadOnlyList<string> controls)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var k = 0; k < Users + Newcomers; k++)
        {
            var (email, name) = k < Users ? (Email(k), $"Bench User {k}") : (NewcomerEmail(k - Users), $"Newcomer {k - Users}");
            settings[string.Create(CultureInfo.InvariantCulture, $"Bootstrap__People__{k}__Email")] = email;
            settings[string.Create(CultureInfo.InvariantCulture, $"Bootstrap__People__{k}__DisplayName")] = name;
            if (k < controls.Count && k < Users) settings[string.Create(CultureInfo.InvariantCulture, $"Bootstrap__People__{k}__Owns__0")] = controls[k];
        }

        return settings;
    }
}
