using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Improvement;
using ComplianceBot.Core.Library;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Core.Risks;
using ComplianceBot.Storage.Embedded;
using ComplianceBot.Storage.LocalFolder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceBot.Tests.Support;

/// <summary>The domain services over a real SQLite file and evidence folder in a temporary directory, on a fake clock.</summary>
public sealed class TestWorld : IDisposable
{
    /// <param name="start">The fake clock's start: Friday 20 November 2026, 09:00 UTC unless given.</param>
    public TestWorld(EvidencePolicy? evidencePolicy = null, ReminderPolicy? reminderPolicy = null, DateTimeOffset? start = null, RiskCriteria? criteria = null)
    {
        Criteria = criteria ?? RiskCriteria.Default;
        Time = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        ReminderPolicy = reminderPolicy ?? ReminderPolicy.Default;
        Folder = Path.Combine(Path.GetTempPath(), "cb-test-" + Guid.NewGuid().ToString("N"));
        Store = new SqliteComplianceStore(Path.Combine(Folder, "store.db"));
        Contents = new LocalFolderEvidenceStore(Path.Combine(Folder, "evidence"));
        Audit = new AuditTrail(Store, Time);
        Library = new ControlLibrary(Store, Audit, FrameworkCatalog.Default, Policy, Time);
        Attestations = new AttestationBook(Store, Audit, Policy, Time);
        Risks = new RiskRegister(Store, Audit, Policy, Criteria, Time);
        Locker = new EvidenceLocker(Store, Contents, Audit, evidencePolicy ?? EvidencePolicy.Default, Time);
        Coverage = new CoverageEngine(Store, FrameworkCatalog.Default, Policy, Time);
        History = new CoverageHistory(Store, Policy);
        Readiness = new ReadinessEngine(Store, FrameworkCatalog.Default, Policy, Time);
        Digests = new DigestComposer(new DigestBuilder(Store, Coverage, History, Readiness, Policy, Charts, Criteria), Store, DigestSettings.Default, Time);
        Reviews = new EvidenceReviews(Store, Audit, Time);
        var review = new EvidenceReviewConversation(Store, Reviews, Coverage, Policy);
        var evidence = new EvidenceConversation(Store, Locker, review, evidencePolicy ?? EvidencePolicy.Default, Coverage, Policy, Time);
        People = new ChatPeople(Store, Audit, Time);
        CorrectiveActions = new CorrectiveActions(Store, Audit, Policy, Time);
        // The host's conversations, in the host's order (ChatServices.AddChat).
        Conversations =
        [
            new RiskConversation(Store, Risks, People, Policy, Time),
            new RiskReviewConversation(Store, Risks, People, Policy, Time),
            new NonconformityConversation(Store, CorrectiveActions, People, Policy, Time),
            evidence,
            review,
            new AttestationConversation(Store, Attestations, Policy, Time),
            new NotApplicableApprovalConversation(Store, Attestations),
            new TasksConversation(Store, Attestations, Coverage, Reviews, Policy, Criteria, Time),
            new StatusConversation(Store, Coverage, History, Readiness, Policy, Criteria),
            new ReminderConversation(Store, Audit, ReminderPolicy, Policy, Jobs, Time),
            new DigestConversation(Store, Digests, DigestSettings.Default, Time),
            new HelpConversation(),
        ];
        Actions = new ActionRegistry(Conversations);
        Router = new ConversationRouter(People, Actions, evidence);
    }

    public ChatPeople People { get; }

    public CorrectiveActions CorrectiveActions { get; }

    /// <summary>The risk criteria the world rates by.</summary>
    public RiskCriteria Criteria { get; }

    public IReadOnlyList<IConversation> Conversations { get; }

    public ActionRegistry Actions { get; }

    public EvidenceReviews Reviews { get; }

    public CoverageHistory History { get; }

    public RecordingCoverageChart Charts { get; } = new();

    public DigestComposer Digests { get; }

    public ReminderPolicy ReminderPolicy { get; }

    public ConversationRouter Router { get; }

    public FakeFiles Files { get; } = new();

    public FakeTimeProvider Time { get; }

    public CompliancePolicy Policy { get; } = CompliancePolicy.Default;

    public string Folder { get; }

    public SqliteComplianceStore Store { get; }

    public LocalFolderEvidenceStore Contents { get; }

    public AuditTrail Audit { get; }

    public ControlLibrary Library { get; }

    public AttestationBook Attestations { get; }

    public RiskRegister Risks { get; }

    public EvidenceLocker Locker { get; }

    public CoverageEngine Coverage { get; }

    /// <summary>Counts "run reminders" requests.</summary>
    public RecordingJobTrigger Jobs { get; } = new();

    public ReadinessEngine Readiness { get; }

    public async Task<Person> AddPersonAsync(string email, string name)
    {
        var person = new Person { Id = Person.IdFor(email), Email = email, DisplayName = name };
        await Store.UpsertAsync(person);
        return person;
    }

    public async Task<Control> AddControlAsync(string id, string? owner = null, string? delegateId = null, params string[] iso)
    {
        var control = new Control
        {
            Id = id,
            Name = $"Control {id}",
            Objective = "Keep things safe.",
            AttestationQuestion = "Did it operate?",
            Cadence = Cadence.Quarterly,
            FreshnessDays = 100,
            Iso27001 = iso.Length > 0 ? iso : ["5.1"],
            OwnerId = owner,
            DelegateId = delegateId,
            DueSlot = 0, // answers due 7 days after the period ends: 2026-Q3's on 7 October
        };
        await Store.CreateAsync(control);
        return control;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(Folder, recursive: true);
    }
}
