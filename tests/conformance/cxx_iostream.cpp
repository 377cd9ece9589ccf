// The iostreams library: cout/cerr formatting, stringstream parsing, fstream write,
// read, seek and append, getline, stream exceptions (failbit), and
// manipulators.
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main() {
    std::cout << "int " << 42 << " hex " << std::hex << 255 << std::dec << " oct " << std::oct << 8 << std::dec << '\n';
    std::cout << std::fixed << std::setprecision(3) << 3.14159265 << ' ' << std::scientific << 12345.678 << '\n';
    std::cout << std::defaultfloat << std::setw(8) << std::setfill('*') << 7 << '|' << std::left << std::setw(6) << "ab"
              << '|' << std::right << std::setfill(' ') << '\n';
    std::cout << std::boolalpha << true << ' ' << false << std::noboolalpha << ' ' << true << '\n';
    std::cerr << "to stderr " << 1.5 << std::endl;

    std::istringstream in("10 20 abc 30.5\nsecond line here\nthird");
    int a, b;
    std::string word;
    double d;
    in >> a >> b >> word >> d;
    std::cout << "parsed " << a + b << ' ' << word << ' ' << d << '\n';
    std::string line;
    std::getline(in, line);  // rest of first line
    std::getline(in, line);
    std::cout << "line: [" << line << "]\n";
    std::getline(in, line);
    std::cout << "last: [" << line << "] eof " << in.eof() << '\n';
    int bad;
    std::istringstream nums("12 x");
    nums >> bad >> bad;
    std::cout << "fail after x: " << nums.fail() << " value " << bad << '\n';

    std::ostringstream os;
    os << "pi=" << std::setprecision(10) << 3.14159265358979 << ", list:";
    for (int i = 0; i < 5; i++) os << ' ' << i * i;
    std::cout << os.str() << '\n';

    {
        std::ofstream out("data.txt");
        for (int i = 0; i < 5; i++) out << "row " << i << '\n';
        std::cout << "ofstream good " << out.good() << '\n';
    }
    {
        std::ofstream app("data.txt", std::ios::app);
        app << "appended\n";
    }
    {
        std::ifstream f("data.txt");
        std::vector<std::string> rows;
        while (std::getline(f, line)) rows.push_back(line);
        std::cout << "rows " << rows.size() << " last [" << rows.back() << "]\n";
    }
    {
        std::fstream f("data.txt", std::ios::in | std::ios::out);
        f.seekp(4);
        f << 'X';
        f.seekg(0, std::ios::end);
        std::cout << "size " << f.tellg() << '\n';
        f.seekg(0);
        std::getline(f, line);
        std::cout << "patched [" << line << "]\n";
    }
    {
        std::ofstream bin("bin.dat", std::ios::binary);
        unsigned char bytes[256];
        for (int i = 0; i < 256; i++) bytes[i] = (unsigned char)i;
        bin.write((const char*)bytes, sizeof bytes);
    }
    {
        std::ifstream bin("bin.dat", std::ios::binary);
        char buf[300];
        bin.read(buf, sizeof buf);
        std::cout << "binary read " << bin.gcount() << " eof " << bin.eof() << " byte200 " << (int)(unsigned char)buf[200] << '\n';
    }

    std::ifstream missing("does-not-exist.txt");
    std::cout << "missing is_open " << missing.is_open() << " fail " << missing.fail() << '\n';
    try {
        std::ifstream f;
        f.exceptions(std::ifstream::failbit | std::ifstream::badbit);
        f.open("does-not-exist.txt");
        std::cout << "no exception\n";
    } catch (const std::ios_base::failure& e) {
        std::cout << "ios_base::failure caught\n";
    }
    try {
        std::istringstream s("notanumber");
        s.exceptions(std::ios::failbit);
        int n;
        s >> n;
    } catch (const std::ios_base::failure&) {
        std::cout << "parse failure caught\n";
    }
    std::cout << std::flush;
    printf("printf after cout\n");
    return 0;
}
