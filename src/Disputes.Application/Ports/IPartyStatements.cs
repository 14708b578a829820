using Disputes.Domain.Complaints;

namespace Disputes.Application.Ports;

/// <summary>Policy clause titles in a reader's language (the statements of reasons' translations).</summary>
public interface IClauseTitles
{
    /// <summary>The title of <paramref name="clauseId"/> in <paramref name="language"/>, or <paramref name="fallback"/> when not translated.</summary>
    string ClauseTitle(string clauseId, string language, string fallback);
}

/// <summary>
/// The statements of reasons a party has received about the case's current decision, as text for the notification
/// that tells them the decision (DSA Art. 17(3)). Compliance implements it; the complaint process only asks.
/// </summary>
public interface IPartyStatements
{
    /// <summary>Every statement of the current decision that restricts something of <paramref name="recipientId"/>, in <paramref name="language"/>; empty when none.</summary>
    Task<string> CurrentTextAsync(Complaint complaint, string recipientId, string language, CancellationToken cancellationToken);
}
