package dev.alertrecs.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the secret that keys the user hash: a file named by a setting, else an environment variable
 * named by a setting, else the development key. The key itself is never a setting, so it cannot end
 * up in a properties file, a log line or the run record.
 */
final class UserHashKey {
  private UserHashKey() {}

  static String resolve(String envName, String file, Map<String, String> environment) {
    if (file != null && !file.isBlank()) {
      try {
        String key = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        if (key.isEmpty()) {
          throw new SettingsException("user_hash_key_file is empty: " + file);
        }
        return key;
      } catch (IOException e) {
        throw new SettingsException("user_hash_key_file cannot be read: " + file);
      }
    }
    String fromEnv = envName == null || envName.isBlank() ? null : environment.get(envName);
    return fromEnv == null || fromEnv.isBlank() ? JobSettings.DEV_USER_HASH_KEY : fromEnv.trim();
  }
}
