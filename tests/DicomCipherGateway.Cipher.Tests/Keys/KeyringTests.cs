using DicomCipherGateway.Cipher.Keys;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Tests.Keys;

public sealed class KeyringTests : IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly KeyEncryptionKey kek = KeyEncryptionKey.Generate();
    private readonly KeyId oldId;
    private readonly KeyId newId;

    public KeyringTests()
    {
        using var old = TinyKeys.Create(7);
        using var current = TinyKeys.Create(8);
        KeyFile.Write(old, dir.File("old" + KeyFile.Extension), kek);
        KeyFile.Write(current, dir.File("new" + KeyFile.Extension), kek);
        oldId = old.Id;
        newId = current.Id;
    }

    public void Dispose()
    {
        kek.Dispose();
        dir.Dispose();
    }

    [Fact]
    public void The_active_key_encrypts_and_older_keys_still_open_their_envelopes()
    {
        using var keyring = new Keyring(dir.Path, newId, kek, torch.CPU);
        Assert.Equal(newId, keyring.Active.Id);
        var envelope = keyring.Get(oldId).Seal("old object"u8, "uid"u8);
        var named = CipherKey.EnvelopeKeyId(envelope);
        Assert.Equal("old object"u8.ToArray(), keyring.Get(named).Open(envelope, "uid"u8));
        Assert.Same(keyring.Get(oldId), keyring.Get(oldId));
    }

    [Fact]
    public void An_unknown_key_id_is_not_found()
    {
        using var keyring = new Keyring(dir.Path, newId, kek, torch.CPU);
        var unknown = KeyId.New();
        Assert.False(keyring.TryGet(unknown, out _));
        Assert.Contains(unknown.ToString(), Assert.Throws<KeyNotFoundException>(() => keyring.Get(unknown)).Message);
    }

    [Fact]
    public void A_key_added_later_is_found_by_rescanning()
    {
        using var keyring = new Keyring(dir.Path, newId, kek, torch.CPU);
        using var added = TinyKeys.Create(9);
        KeyFile.Write(added, dir.File("added" + KeyFile.Extension), kek);
        Assert.Equal(added.Id, keyring.Get(added.Id).Id);
    }

    [Fact]
    public void Activating_switches_the_key_that_encrypts_and_an_unknown_or_unreadable_key_changes_nothing()
    {
        using var keyring = new Keyring(dir.Path, newId, kek, torch.CPU);
        keyring.Activate(oldId);
        Assert.Equal(oldId, keyring.ActiveKeyId);
        Assert.Equal(oldId, keyring.Active.Id);

        Assert.Throws<KeyNotFoundException>(() => keyring.Activate(KeyId.New()));
        Assert.Equal(oldId, keyring.ActiveKeyId);

        using var other = KeyEncryptionKey.Generate();
        using var foreign = TinyKeys.Create(10);
        KeyFile.Write(foreign, dir.File("foreign" + KeyFile.Extension), other);
        Assert.Throws<KeyFileException>(() => keyring.Activate(foreign.Id));
        Assert.Equal(oldId, keyring.ActiveKeyId);
    }

    [Fact]
    public void An_opened_key_whose_file_vanishes_stays_usable_and_is_reported_missing_from_disk()
    {
        using var keyring = new Keyring(dir.Path, newId, kek, torch.CPU);
        var envelope = keyring.Active.Seal("queued object"u8, "uid"u8);
        File.Delete(dir.File("new" + KeyFile.Extension));
        Assert.False(keyring.IsOnDisk(newId));
        Assert.True(keyring.IsOnDisk(oldId));
        Assert.Equal("queued object"u8.ToArray(), keyring.Get(newId).Open(envelope, "uid"u8));
        Assert.Equal(newId, keyring.Active.Id);
    }

    [Fact]
    public void A_missing_active_key_a_wrong_kek_and_duplicate_ids_stop_start_up()
    {
        Assert.Contains("not in the keyring", Assert.Throws<KeyFileException>(() => new Keyring(dir.Path, KeyId.New(), kek, torch.CPU)).Message);
        using var wrong = KeyEncryptionKey.Generate();
        Assert.Throws<KeyFileException>(() => new Keyring(dir.Path, newId, wrong, torch.CPU));
        File.Copy(dir.File("old" + KeyFile.Extension), dir.File("copy" + KeyFile.Extension));
        Assert.Contains("also in", Assert.Throws<KeyFileException>(() => new Keyring(dir.Path, newId, kek, torch.CPU)).Message);
        Assert.Throws<KeyFileException>(() => new Keyring(dir.File("nowhere"), newId, kek, torch.CPU));
    }

    [Fact]
    public void Listing_needs_no_kek_and_marks_the_active_key()
    {
        var entries = Keyring.List(dir.Path, newId);
        Assert.Equal(2, entries.Count);
        Assert.Single(entries, e => e.IsActive && e.Header.KeyId.Equals(newId));
        Assert.Contains(entries, e => !e.IsActive && e.Header.KeyId.Equals(oldId));
    }

    [Fact]
    public void Key_ids_parse_and_print_as_32_hex_digits()
    {
        var id = KeyId.New();
        Assert.Equal(id, KeyId.Parse(id.ToString()));
        Assert.Equal(32, id.ToString().Length);
        Assert.Throws<FormatException>(() => KeyId.Parse("xyz"));
    }
}
