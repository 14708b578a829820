using Disputes.Domain.Complaints;

namespace Disputes.Domain.Tests;

public sealed class EvidenceSignatureTests
{
    [TestCase("image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1 }, true)]
    [TestCase("image/png", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, false, TestName = "A JPEG called PNG")]
    [TestCase("image/jpeg", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, true)]
    [TestCase("application/pdf", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, true)]
    [TestCase("application/pdf", new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, false, TestName = "An executable called PDF")]
    [TestCase("image/webp", new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, true)]
    [TestCase("image/webp", new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45 }, false, TestName = "A WAV called WEBP")]
    [TestCase("text/plain", new byte[] { 0x48, 0x69, 0x0A, 0xC3, 0xA9 }, true, TestName = "UTF-8 text with a newline and an accent")]
    [TestCase("text/plain", new byte[] { 0x48, 0x00, 0x69 }, false, TestName = "Text with a NUL byte")]
    [TestCase("text/plain", new byte[] { 0xC3, 0x28 }, false, TestName = "Invalid UTF-8")]
    [TestCase("application/zip", new byte[] { 0x50, 0x4B, 0x03, 0x04 }, false, TestName = "An unknown type never matches")]
    public void The_first_bytes_must_fit_the_declared_type(string contentType, byte[] content, bool matches) =>
        Assert.That(EvidenceSignature.Matches(contentType, content), Is.EqualTo(matches));
}
