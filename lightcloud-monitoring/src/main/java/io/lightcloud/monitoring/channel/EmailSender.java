package io.lightcloud.monitoring.channel;

import io.lightcloud.common.api.ApiException;
import jakarta.mail.Authenticator;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import tools.jackson.databind.JsonNode;

/**
 * E-mail over SMTP: STARTTLS whenever the server offers it, and required unless {@code require_starttls} is false
 * (for a relay on the same host); login when a username is set. A 4xx SMTP answer or a connection failure is
 * retried; 5xx answers are permanent.
 */
public final class EmailSender implements ChannelSender {
    @Override
    public Channel.Type type() {
        return Channel.Type.EMAIL;
    }

    @Override
    public void validate(JsonNode config) {
        if (!config.path("host").isString() || config.path("host").stringValue().isBlank()) {
            throw ApiException.badRequest("'channel.config.host' (the SMTP server) is a required property.");
        }
        JsonNode port = config.path("port");
        if (!port.isMissingNode() && (!port.isIntegralNumber() || port.asInt() < 1 || port.asInt() > 65535)) {
            throw ApiException.badRequest("Invalid input for field 'channel.config.port': a port 1-65535 is expected.");
        }
        address(config.path("from"), "from");
        if (!config.path("to").isArray() || config.path("to").isEmpty()) {
            throw ApiException.badRequest("'channel.config.to' must list at least one address.");
        }
        for (JsonNode to : config.path("to")) {
            address(to, "to");
        }
        RobotHttp.optionalString(config, "username");
        RobotHttp.optionalString(config, "password");
    }

    @Override
    public void send(Channel channel, Message message, AlertNotification notification) throws DeliveryException {
        JsonNode config = channel.config();
        Properties properties = new Properties();
        properties.put("mail.smtp.host", config.path("host").asString());
        properties.put("mail.smtp.port", Integer.toString(config.path("port").asInt(587)));
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", Boolean.toString(config.path("require_starttls").asBoolean(true)));
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.writetimeout", "10000");
        String username = RobotHttp.optionalString(config, "username");
        Authenticator authenticator = null;
        if (username != null) {
            properties.put("mail.smtp.auth", "true");
            String password = config.path("password").asString("");
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(username, password);
                }
            };
        }
        try {
            MimeMessage mail = new MimeMessage(Session.getInstance(properties, authenticator));
            mail.setFrom(new InternetAddress(config.path("from").asString()));
            List<InternetAddress> recipients = new ArrayList<>();
            for (JsonNode to : config.path("to")) {
                recipients.add(new InternetAddress(to.asString()));
            }
            mail.setRecipients(RecipientType.TO, recipients.toArray(new InternetAddress[0]));
            mail.setSubject(message.title(), StandardCharsets.UTF_8.name());
            mail.setText(message.markdown(), StandardCharsets.UTF_8.name());
            mail.setSentDate(new Date());
            Transport.send(mail);
        } catch (SMTPSendFailedException e) {
            throw new DeliveryException("SMTP " + e.getReturnCode() + ": " + e.getMessage(),
                    e.getReturnCode() >= 400 && e.getReturnCode() < 500);
        } catch (SendFailedException e) {
            throw new DeliveryException("SMTP refused: " + e.getMessage(), false);
        } catch (MessagingException e) {
            throw new DeliveryException("SMTP: " + e.getMessage(), true);
        }
    }

    private static void address(JsonNode value, String field) {
        try {
            if (!value.isString()) {
                throw new AddressException("missing");
            }
            new InternetAddress(value.stringValue(), true);
        } catch (AddressException e) {
            throw ApiException.badRequest("Invalid input for field 'channel.config." + field + "': an e-mail address "
                    + "is expected.");
        }
    }
}
