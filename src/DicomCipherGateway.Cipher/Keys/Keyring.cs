using System.Collections.Concurrent;
using TorchSharp;

namespace DicomCipherGateway.Cipher.Keys;

/// <summary>
/// A directory of key files: one active key (named by configuration) encrypts, every key in the
/// directory still decrypts. Rotation = add a key file, switch the active id (<see cref="Activate"/>,
/// while running). Keys are opened on first use and cached; the directory is rescanned when an
/// unknown id is asked for. A key once opened stays usable if its file later vanishes from disk.
/// </summary>
public sealed class Keyring : IDisposable
{
    private readonly string directory;
    private readonly KeyEncryptionKey kek;
    private readonly torch.Device device;
    private readonly ConcurrentDictionary<KeyId, Lazy<CipherKey>> loaded = new();
    private readonly object scanLock = new();
    private Dictionary<KeyId, string> files;
    private volatile KeyHolder active;

    /// <summary>Opens the keyring in <paramref name="directory"/> with <paramref name="activeKeyId"/> for encryption.</summary>
    /// <exception cref="KeyFileException">The directory is missing, two files claim one id, or the active key is absent or cannot be opened.</exception>
    public Keyring(string directory, KeyId activeKeyId, KeyEncryptionKey kek, torch.Device device)
    {
        ArgumentNullException.ThrowIfNull(kek);
        if (!Directory.Exists(directory))
        {
            throw new KeyFileException(directory, "the keyring directory does not exist.");
        }

        this.directory = directory;
        this.kek = kek;
        this.device = device;
        active = new KeyHolder(activeKeyId);
        files = Scan(directory);
        if (!files.ContainsKey(activeKeyId))
        {
            throw new KeyFileException(directory, $"the active key {activeKeyId} is not in the keyring.");
        }

        // Open the active key now, so a wrong KEK or a damaged active key stops start-up with a clear error.
        _ = Active;
    }

    /// <summary>The id of the key that encrypts.</summary>
    public KeyId ActiveKeyId => active.Id;

    /// <summary>The keyring's directory.</summary>
    public string DirectoryPath => directory;

    /// <summary>
    /// Makes <paramref name="id"/> the key that encrypts from now on; the key is opened first, so a
    /// missing or unreadable key changes nothing. Keys that encrypted before still decrypt.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No key file in the keyring has this id.</exception>
    /// <exception cref="KeyFileException">The key file cannot be opened (damaged, another KEK).</exception>
    public void Activate(KeyId id)
    {
        _ = Get(id);
        active = new KeyHolder(id);
    }

    /// <summary>Whether a key file with <paramref name="id"/> is in the directory now (a fresh scan).</summary>
    public bool IsOnDisk(KeyId id)
    {
        lock (scanLock)
        {
            files = Scan(directory);
            return files.ContainsKey(id);
        }
    }

    /// <summary>The key that encrypts.</summary>
    public CipherKey Active => Get(ActiveKeyId);

    /// <summary>The key files of a directory, by their clear headers.</summary>
    public static IReadOnlyList<KeyringEntry> List(string directory, KeyId? activeKeyId = null)
    {
        if (!Directory.Exists(directory))
        {
            throw new KeyFileException(directory, "the keyring directory does not exist.");
        }

        return Directory.EnumerateFiles(directory, "*" + KeyFile.Extension)
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                var header = KeyFile.ReadHeader(path);
                return new KeyringEntry(path, header, activeKeyId is { } active && active.Equals(header.KeyId));
            })
            .ToList();
    }

    /// <summary>The key with <paramref name="id"/>, opened on first use.</summary>
    /// <exception cref="KeyNotFoundException">No key file in the keyring has this id.</exception>
    public CipherKey Get(KeyId id)
    {
        if (TryGet(id, out var key))
        {
            return key;
        }

        throw new KeyNotFoundException($"Key {id} is not in the keyring '{directory}'.");
    }

    /// <summary>Looks a key up by id; false when the keyring has no such key.</summary>
    public bool TryGet(KeyId id, out CipherKey key)
    {
        if (loaded.TryGetValue(id, out var opened) && opened.IsValueCreated)
        {
            // Already open: usable even if its file has gone from the directory since.
            key = opened.Value;
            return true;
        }

        if (!files.ContainsKey(id))
        {
            lock (scanLock)
            {
                files = Scan(directory);
            }
        }

        if (!files.TryGetValue(id, out var path))
        {
            key = null!;
            return false;
        }

        var lazy = loaded.GetOrAdd(id, _ => new Lazy<CipherKey>(() => Open(path, id), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            key = lazy.Value;
        }
        catch
        {
            // Do not cache a failure: the file may be fixed or replaced.
            loaded.TryRemove(new KeyValuePair<KeyId, Lazy<CipherKey>>(id, lazy));
            throw;
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var lazy in loaded.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Dispose();
            }
        }

        loaded.Clear();
    }

    private CipherKey Open(string path, KeyId id)
    {
        var key = KeyFile.Read(path, kek, device);
        if (!key.Id.Equals(id))
        {
            key.Dispose();
            throw new KeyFileException(path, $"holds key {key.Id}, not {id}.");
        }

        return key;
    }

    /// <summary>A reference type around the id, so the active id can be swapped atomically.</summary>
    private sealed record KeyHolder(KeyId Id);

    private static Dictionary<KeyId, string> Scan(string directory)
    {
        var result = new Dictionary<KeyId, string>();
        foreach (var path in Directory.EnumerateFiles(directory, "*" + KeyFile.Extension).Order(StringComparer.Ordinal))
        {
            var header = KeyFile.ReadHeader(path);
            if (!result.TryAdd(header.KeyId, path))
            {
                throw new KeyFileException(path, $"key id {header.KeyId} is also in '{result[header.KeyId]}'.");
            }
        }

        return result;
    }
}
