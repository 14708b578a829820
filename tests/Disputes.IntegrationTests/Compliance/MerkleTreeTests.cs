using Disputes.Application.Compliance.Audit;

namespace Disputes.IntegrationTests.Compliance;

/// <summary>The Merkle tree of sealed batches against the published RFC 6962 test vectors (Certificate Transparency's eight leaves).</summary>
[TestFixture]
public class MerkleTreeTests
{
    private static readonly byte[][] Leaves = new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }
        .Select(Convert.FromHexString).ToArray();

    private static readonly string[] Roots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4", "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c", "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Test]
    public void Roots_are_those_of_the_published_vectors()
    {
        for (var size = 1; size <= 8; size++)
            Assert.That(Convert.ToHexStringLower(MerkleTree.Root(Leaves[..size])), Is.EqualTo(Roots[size - 1]), $"size {size}");
    }

    [Test]
    public void The_audit_path_of_the_first_leaf_in_a_tree_of_eight_is_the_published_one_and_every_path_verifies()
    {
        Assert.That(MerkleTree.InclusionPath(Leaves, 0).Select(Convert.ToHexStringLower), Is.EqualTo(new[]
        {
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        }));
        for (var size = 1; size <= 8; size++)
        {
            var root = Convert.FromHexString(Roots[size - 1]);
            for (var index = 0; index < size; index++)
            {
                var path = MerkleTree.InclusionPath(Leaves[..size], index);
                Assert.That(MerkleTree.VerifyInclusion(Leaves[index], index, size, path, root), Is.True, $"leaf {index} of {size}");
                Assert.That(MerkleTree.VerifyInclusion([0xff], index, size, path, root), Is.False, $"another leaf at {index} of {size}");
                if (size > 1) Assert.That(MerkleTree.VerifyInclusion(Leaves[index], (index + 1) % size, size, path, root), Is.False, $"leaf {index} claimed at another place in {size}");
            }
        }
    }
}
