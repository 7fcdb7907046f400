"""A test certification authority made at test time: Kazakh-style EDS certificates and CMS signatures.

Nothing here is committed key material: every key is generated when a test asks for it.
"""

import base64
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

from portal.accounts.validators import bin_check_digit

KEY_USAGE = dict(digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
                 key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False)


def _key(algorithm):
    return rsa.generate_private_key(65537, 2048) if algorithm == "rsa" else ec.generate_private_key(ec.SECP256R1())


@dataclass
class Holder:
    key: object
    cert: x509.Certificate

    def sign(self, data: bytes, *, detached=True) -> str:
        """Base64 CMS SignedData over ``data`` (with a signingTime attribute), as NCALayer returns it."""
        options = [pkcs7.PKCS7Options.Binary]
        if detached:
            options.append(pkcs7.PKCS7Options.DetachedSignature)
        der = (pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(self.cert, self.key, hashes.SHA256())
               .sign(serialization.Encoding.DER, options))
        return base64.b64encode(der).decode()

    def sign_hash(self, document_sha256: str, **kwargs) -> str:
        return self.sign(document_sha256.encode("ascii"), **kwargs)


class TestCA:
    __test__ = False  # not a pytest class

    def __init__(self, name="Test NCA", algorithm="ec"):
        self.key = _key(algorithm)
        self.name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
                               x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = datetime.now(UTC)
        self.cert = (x509.CertificateBuilder().subject_name(self.name).issuer_name(self.name)
                     .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
                     .not_valid_before(now - timedelta(days=30)).not_valid_after(now + timedelta(days=3650))
                     .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                     .add_extension(x509.KeyUsage(**{**KEY_USAGE, "key_cert_sign": True, "crl_sign": True}),
                                    critical=True)
                     .sign(self.key, hashes.SHA256()))

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def issue(self, *, iin="", bin="", name="ТЕСТОВ ТЕСТ", organization="", algorithm="rsa",
              valid_from=None, valid_until=None) -> Holder:
        """A holder's certificate: ``SERIALNUMBER=IIN…`` and, for a legal entity, ``OU=BIN…``."""
        now = datetime.now(UTC)
        attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"), x509.NameAttribute(NameOID.COMMON_NAME, name)]
        if iin:
            attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{iin}"))
        if bin:
            attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"BIN{bin}"))
        if organization:
            attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
        key = _key(algorithm)
        cert = (x509.CertificateBuilder().subject_name(x509.Name(attributes)).issuer_name(self.name)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(valid_from or now - timedelta(days=1))
                .not_valid_after(valid_until or now + timedelta(days=365))
                .add_extension(x509.KeyUsage(**KEY_USAGE), critical=True)
                .sign(self.key, hashes.SHA256()))
        return Holder(key, cert)


def make_iin(seed):
    """A valid IIN (same check digit as a BIN) from an integer seed."""
    n = seed
    while True:
        first = f"90010{n:06d}"[:11]
        digit = bin_check_digit(first)
        if digit is not None:
            return first + str(digit)
        n += 1
