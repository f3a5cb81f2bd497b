package dev.alertrecs.cli;

import dev.alertrecs.config.JobSettings;
import dev.alertrecs.config.SettingsException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** {@code --conf FILE} and {@code --set key=value}: a properties file, then overrides. */
public final class SettingsOptions {
  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description = "Settings file (Java properties), e.g. conf/local.properties.")
  Path confFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one setting; repeatable.")
  Map<String, String> overrides = new LinkedHashMap<>();

  public JobSettings settings() {
    Map<String, String> values = new LinkedHashMap<>();
    if (confFile != null) {
      Properties properties = new Properties();
      try (Reader in = Files.newBufferedReader(confFile, StandardCharsets.UTF_8)) {
        properties.load(in);
      } catch (NoSuchFileException e) {
        throw new SettingsException("settings file not found: " + confFile);
      } catch (IOException | IllegalArgumentException e) {
        throw new SettingsException(
            "settings file cannot be read: " + confFile + ": " + e.getMessage());
      }
      properties.forEach((k, v) -> values.put(k.toString(), v.toString()));
    }
    values.putAll(overrides);
    return JobSettings.fromMap(values, System.getenv());
  }
}
