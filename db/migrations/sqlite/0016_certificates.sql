-- How a municipality's 修了証 are issued (training.CertificateSettings):
-- who signs them (the center's head or the mayor, with the name printed),
-- and whether numbers run per fiscal year or per programme and year. No
-- row means the defaults: the center's head, numbered per fiscal year.
CREATE TABLE certificate_settings (
    municipality_id INTEGER PRIMARY KEY REFERENCES municipalities(id),
    issuer          TEXT NOT NULL DEFAULT 'center',
    issuer_name     TEXT NOT NULL DEFAULT '',
    numbering       TEXT NOT NULL DEFAULT 'fy'
);

-- The sequence of a certificate number, kept as a number so the next one
-- is a MAX over an index, whatever the printed form of the number is.
ALTER TABLE completions ADD COLUMN certificate_seq INTEGER NOT NULL DEFAULT 0;
UPDATE completions SET certificate_seq = CAST(substr(certificate_no, length(rtrim(certificate_no, '0123456789')) + 1) AS BIGINT)
    WHERE certificate_no <> rtrim(certificate_no, '0123456789');
CREATE INDEX completions_fy_seq ON completions (municipality_id, fy, certificate_seq);

-- Numbers issued before were 「R8-NEW_HIRE-0001」, with the program's
-- internal code; they become the per-programme form a city prints,
-- 「令和8年度 新規採用職員研修 第0001号」, keeping their sequence.
UPDATE completions SET certificate_no =
    CASE WHEN fy = 2019 THEN '令和元年度' WHEN fy > 2019 THEN '令和' || (fy - 2018) || '年度'
         WHEN fy = 1989 THEN '平成元年度' ELSE '平成' || (fy - 1988) || '年度' END
    || ' ' || (SELECT p.name FROM programs p WHERE p.id = completions.program_id)
    || ' 第' || printf('%04d', certificate_seq) || '号'
    WHERE certificate_no <> '' AND certificate_seq > 0;
