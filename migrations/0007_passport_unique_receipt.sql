-- 0007: a passport number belongs to one application; a payment keeps the receipt number (NTPN) it was
-- recorded from.
ALTER TABLE applications ADD COLUMN payment_ntpn TEXT;
CREATE UNIQUE INDEX applications_passport_no ON applications (passport_no) WHERE passport_no IS NOT NULL;
